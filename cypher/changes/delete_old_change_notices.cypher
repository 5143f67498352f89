// delete_old_change_notices: forget up to $limit notices older than $before.
// $before: datetime; $limit: int
MATCH (n:ChangeNotice)
WHERE n.at < $before
WITH n LIMIT $limit
DELETE n
RETURN count(*) AS deleted
