// customers_per_area: how customers spread over China's seven areas and abroad.
// Parameters: none.
MATCH (c:Customer)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(top:Region)
WHERE top.level = 'AREA' OR (top.level = 'COUNTRY' AND top.code <> 'CN')
RETURN CASE top.level WHEN 'AREA' THEN top.name ELSE '海外 ' + top.name END AS area,
       count(c) AS customers
ORDER BY customers DESC
