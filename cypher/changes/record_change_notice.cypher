// record_change_notice: note, inside a writing transaction, what it changed, for the in-memory
// indexes of every API process. Run it last in the transaction: `at` is the wall clock then.
// $customerIds: ids of customers whose tags or attributes changed (may be empty);
// $tagIds: ids of tags whose assignments changed wholesale (merge, delete; may be empty);
// $taxonomy: whether the tag trees themselves changed (create, move, rename, status)
CREATE (n:ChangeNotice {
  at: datetime.realtime(), customerIds: $customerIds, tagIds: $tagIds, taxonomy: $taxonomy
})
RETURN elementId(n) AS id
