// find_grants_by_department_ids: the categories these departments may see and tag (a JWT's
// departments). $ids: list of department ids
OPTIONAL MATCH (d:Department)-[:CAN_SEE|CAN_TAG]->(c:TagCategory) WHERE d.id IN $ids
WITH collect(DISTINCT c.id) AS visibleIds
OPTIONAL MATCH (d:Department)-[:CAN_TAG]->(c:TagCategory) WHERE d.id IN $ids
RETURN visibleIds, collect(DISTINCT c.id) AS taggableIds
