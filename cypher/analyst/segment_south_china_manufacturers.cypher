// segment_south_china_manufacturers: 华南 + 制造业 + 500人以上, with the tag paths they hold.
// $industryCode: e.g. 'C' (制造业); $regionCode: e.g. 'CN-SOUTH' (华南); $minEmployees: e.g. 500
// In Neo4j Browser: :param industryCode => 'C'; :param regionCode => 'CN-SOUTH'; :param minEmployees => 500
MATCH (c:Customer)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry {code: $industryCode}),
      (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $regionCode})
WHERE c.employees >= $minEmployees
MATCH path = (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag)-[:IN_CATEGORY]->(:TagCategory)
RETURN path
LIMIT 50
