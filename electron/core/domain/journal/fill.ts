/** Buy or sell, as the broker reported it. */
export type Side = 'buy' | 'sell'

/** What kind of instrument a fill is in; drives the default contract multiplier. */
export type AssetClass =
  'stock' | 'option' | 'future' | 'future_option' | 'forex' | 'crypto' | 'other'

/**
 * One execution parsed from a broker file (or typed in), before it is stored. Quantities are
 * signed by side (+ buy, − sell); money is in `currency`; times are ISO-8601 UTC.
 */
export type ParsedFill = {
  /** Broker account id, or the name the trader gave the account. */
  account: string
  /** Importer that produced the fill, e.g. `thinkorswim`, `ibkr-flex`. */
  broker: string
  /** The exact contract traded, e.g. `AAPL`, `MESM5`, `AAPL 250117C00150000`. */
  symbol: string
  /** Root or underlying symbol, e.g. `AAPL`, `MES`. */
  underlying: string
  assetClass: AssetClass
  side: Side
  /** Signed quantity in contracts or shares: positive buys, negative sells. */
  qty: number
  /** Price per unit in the quote convention of the instrument. */
  price: number
  /** Money per point per contract (100 for equity options, 5 for MES, 1 for stock). */
  multiplier: number
  /** Commission paid, as a non-negative amount of money. */
  commission: number
  /** Exchange, regulatory and other fees paid, as a non-negative amount of money. */
  fees: number
  currency: string
  /** Execution time, ISO-8601 in UTC. */
  executedAt: string
  /** The broker's execution id, when the file has one; the dedupe key per account. */
  externalTradeId: string | null
  orderId: string | null
  /** Whether the broker marked the fill as opening or closing, when it did. */
  openClose: 'open' | 'close' | null
  /**
   * Where the fill comes from: an execution row (the default when absent), or a lot the broker
   * says a closing execution closed (IBKR `ClosedLot`), rebuilt because the file does not hold
   * the lot's opening execution.
   */
  origin?: 'execution' | 'closed-lot'
  /** 1-based line (or record number) in the source file: error messages and tie order. */
  line: number
}
