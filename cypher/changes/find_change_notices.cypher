// find_change_notices: the notices recorded after $since that are not in $seen, oldest first.
// $since: datetime; $seen: list of notice ids already applied; $limit: int
// The window before the watermark is read again on every poll (a transaction stamped early may
// commit late), so the notices already applied are left out here, not after their customer ids
// crossed the wire: a bulk write's notices would otherwise be re-sent five times a second.
MATCH (n:ChangeNotice)
WHERE n.at > $since AND NOT elementId(n) IN $seen
RETURN elementId(n) AS id, n.at AS at, n.customerIds AS customerIds, n.tagIds AS tagIds,
       n.taxonomy AS taxonomy
ORDER BY n.at
LIMIT $limit
