// Migration 0005: change notices.
// Every write that changes a customer's tags, its filterable attributes or the tag trees leaves a
// (:ChangeNotice {at, customerIds, tagIds, taxonomy}) in the same transaction. The API processes
// poll them to keep their in-memory segment and similarity indexes in sync with the graph; they
// are deleted after a day. `at` is taken at the end of the writing transaction.
CREATE INDEX change_notice_at IF NOT EXISTS FOR (n:ChangeNotice) ON (n.at);
