// current_time: the database's wall clock (notices are stamped with it, not with ours).
RETURN datetime.realtime() AS now
