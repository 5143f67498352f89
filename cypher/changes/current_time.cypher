// current_time: the database's wall clock (notices are stamped with it, not with ours).
// Parameters: none.
RETURN datetime.realtime() AS now
