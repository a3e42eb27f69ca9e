-- pass_at served the first vehicles-on-site gauge (recent first passes); the gauge now counts open tickets, and
-- no query reads passes by time alone: the index only cost every insert.
DROP INDEX pass_at;
