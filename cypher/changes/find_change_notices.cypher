// find_change_notices: the notices recorded after $since, oldest first.
// $since: datetime; $limit: int
MATCH (n:ChangeNotice)
WHERE n.at > $since
RETURN elementId(n) AS id, n.at AS at, n.customerIds AS customerIds, n.tagIds AS tagIds,
       n.taxonomy AS taxonomy
ORDER BY n.at
LIMIT $limit
