// count_tag_flow: how many customers entered and left a tag in [$start, $end).
// $tagId: tag id; $start, $end: datetimes
MATCH (t:Tag {id: $tagId})
RETURN COUNT { MATCH (:Customer)-[r:TAGGED|WAS_TAGGED]->(t)
               WHERE $start <= r.since < $end } AS entered,
       COUNT { MATCH (:Customer)-[r:WAS_TAGGED]->(t)
               WHERE $start <= r.until < $end } AS left
