/**
 * A fill's checksum as SQL over a row alias `t`, rendered the same on PGlite and on PostgreSQL
 * (the session's TimeZone must be UTC): what the kill tests compare between the writer's
 * acknowledgement, the server and the other device.
 */
export const FILL_CHECKSUM_SQL = `md5(concat_ws('|', t.id::text, t.account, t.symbol, t.side,
  t.quantity::text, t.price::text, to_char(t.executed_at AT TIME ZONE 'UTC',
  'YYYY-MM-DD"T"HH24:MI:SS.US')))`
