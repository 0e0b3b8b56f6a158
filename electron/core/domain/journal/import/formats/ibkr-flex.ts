import type { AssetClass } from '../../fill'
import { createSink, type FormatContext } from '../build'
import { assetClassFromWord, firstToken, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { toUtcIso } from '../time'
import type { ParseOutcome, StatedPosition } from '../types'

const TIME_PATTERNS = [
  'yyyyMMdd;HHmmss',
  'yyyyMMdd HHmmss',
  'yyyy-MM-dd;HH:mm:ss',
  'yyyy-MM-dd, HH:mm:ss',
  'yyyyMMdd',
]

type Element = { name: string; attrs: Map<string, string>; line: number }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/**
 * Replaces XML entity and character references. Returns null when a character reference names
 * no character XML allows (NUL, other C0 controls, surrogates, U+FFFE/U+FFFF or past U+10FFFF).
 */
function decodeEntities(s: string): string | null {
  let isBad = false
  const out = s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e] ?? ''
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    if (!isXmlChar(code)) {
      isBad = true
      return ''
    }
    return String.fromCodePoint(code)
  })
  return isBad ? null : out
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/**
 * Start tags of the given names with their attributes and line numbers. Flex reports put all
 * data in attributes of flat elements, so a tag scanner is enough and keeps the core free of an
 * XML dependency.
 */
function scanElements(
  text: string,
  names: readonly string[],
): {
  elements: Element[]
  badLine: number | null
  badRef: { line: number; attr: string; value: string } | null
} {
  const elements: Element[] = []
  const tagRe = new RegExp(`<(${names.join('|')})(\\s[^<>]*?)?/?>`, 'g')
  const attrRe = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
  let line = 1
  let lastIndex = 0
  let badLine: number | null = null
  let badRef: { line: number; attr: string; value: string } | null = null
  for (let m = tagRe.exec(text); m !== null; m = tagRe.exec(text)) {
    for (let i = lastIndex; i < m.index; i++) if (text.charCodeAt(i) === 10) line++
    lastIndex = m.index
    const attrs = new Map<string, string>()
    const body = m[2] ?? ''
    const stripped = body
      .replace(attrRe, '')
      .replace(/\/\s*$/, '')
      .trim()
    if (stripped !== '' && badLine === null) badLine = line
    for (let a = attrRe.exec(body); a !== null; a = attrRe.exec(body)) {
      const raw = a[2] ?? a[3] ?? ''
      const value = decodeEntities(raw)
      if (value === null) badRef ??= { line, attr: a[1] ?? '', value: raw }
      attrs.set(a[1] ?? '', value ?? '')
    }
    elements.push({ name: m[1] ?? '', attrs, line })
  }
  return { elements, badLine, badRef }
}

function lineCount(text: string): number {
  let n = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/**
 * Interactive Brokers Flex Query report (XML, Activity type). Every `<Trade>` at execution level
 * is a fill keyed by `ibExecID` (else `tradeID`/`transactionID`); order-level summaries, closed
 * lots, cancellations (`BUY (Ca.)`) and open positions are counted, not imported. Times are in
 * the zone the query was configured with: IBKR's default is US Eastern.
 */
export function parseIbkrFlex(text: string, ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  if (!/<FlexQueryResponse[\s>]/.test(text)) {
    sink.error(1, 'FlexQueryResponse', 'not a Flex report: no <FlexQueryResponse> element')
    return sink.finish('ibkr-flex', ctx.zone)
  }
  if (!/<\/FlexQueryResponse>\s*$/.test(text)) {
    sink.error(
      lineCount(text),
      'FlexQueryResponse',
      'the report ends before </FlexQueryResponse>: the file is truncated',
    )
    return sink.finish('ibkr-flex', ctx.zone)
  }
  const { elements, badLine, badRef } = scanElements(text, [
    'Trade',
    'Order',
    'Lot',
    'OpenPosition',
    'FlexStatement',
  ])
  if (badLine !== null) {
    sink.error(badLine, 'element', 'malformed attributes in this element')
    return sink.finish('ibkr-flex', ctx.zone)
  }
  if (badRef !== null) {
    sink.error(
      badRef.line,
      badRef.attr,
      `"${badRef.value.slice(0, 60)}" holds a character reference to no character XML allows`,
    )
    return sink.finish('ibkr-flex', ctx.zone)
  }
  let statementAccount: string | undefined
  const positions: StatedPosition[] = []
  const hasPositionSection = /<OpenPositions[\s>/]/.test(text)
  for (const el of elements) {
    const attr = (name: string): string => el.attrs.get(name)?.trim() ?? ''
    if (el.name === 'FlexStatement') {
      statementAccount = attr('accountId') || statementAccount
      continue
    }
    if (el.name === 'OpenPosition') {
      sink.skip('position-line')
      // Flex reports a position once at SUMMARY level and, when the query asks for it, again per
      // lot (LOT); only the summary is the position. `position` is signed (short < 0).
      // https://www.ibkrguides.com/reportingreference/reportguide/openpositionsfq.htm
      const level = attr('levelOfDetail').toUpperCase()
      if (level !== '' && level !== 'SUMMARY') continue
      const qty = parseNumber(attr('position'))
      if (qty === null) {
        sink.error(el.line, 'position', `"${attr('position')}" is not a position quantity`)
        continue
      }
      const rawDate = attr('reportDate')
      const dayStart = toUtcIso(rawDate, 'yyyyMMdd', ctx.zone)
      if (dayStart === null) {
        sink.error(el.line, 'reportDate', `"${rawDate}" is not a date like 20260714`)
        continue
      }
      const y = Number(rawDate.slice(0, 4))
      const nextDay = new Date(
        Date.UTC(y, Number(rawDate.slice(4, 6)) - 1, Number(rawDate.slice(6, 8)) + 1),
      )
      const next = `${nextDay.getUTCFullYear()}${String(nextDay.getUTCMonth() + 1).padStart(2, '0')}${String(nextDay.getUTCDate()).padStart(2, '0')}`
      positions.push({
        account: ctx.account ?? (attr('accountId') || statementAccount || 'ibkr'),
        symbol: attr('symbol'),
        currency: attr('currency') || 'USD',
        qty,
        asOfDate: `${rawDate.slice(0, 4)}-${rawDate.slice(4, 6)}-${rawDate.slice(6, 8)}`,
        asOfEnd: toUtcIso(next, 'yyyyMMdd', ctx.zone) ?? dayStart,
        line: el.line,
      })
      continue
    }
    if (el.name === 'Lot') {
      sink.skip('closed-lot')
      continue
    }
    if (el.name === 'Order') {
      sink.skip('order-summary')
      continue
    }
    const level = attr('levelOfDetail').toUpperCase()
    if (level === 'ORDER') {
      sink.skip('order-summary')
      continue
    }
    if (level === 'CLOSED_LOT') {
      sink.skip('closed-lot')
      continue
    }
    const buySell = attr('buySell').toUpperCase()
    if (buySell.includes('(CA.)')) {
      sink.skip('cancelled')
      continue
    }
    for (const name of ['symbol', 'dateTime', 'quantity', 'tradePrice']) {
      if (!el.attrs.has(name) && !(name === 'dateTime' && el.attrs.has('tradeDate'))) {
        sink.error(el.line, name, `the <Trade> element lacks the ${name} attribute`)
      }
    }
    if (sink.errorCount > 0) continue
    const category = attr('assetCategory')
    const assetClass: AssetClass = assetClassFromWord(category) ?? 'other'
    const rawTime = attr('dateTime') || attr('tradeDate')
    const executedAt =
      TIME_PATTERNS.map((p) => toUtcIso(rawTime, p, ctx.zone)).find((t) => t !== null) ?? null
    if (!executedAt) {
      sink.error(el.line, 'dateTime', `"${rawTime}" is not a time like 20260126;115715`)
      continue
    }
    const qty = parseNumber(attr('quantity'))
    if (qty === null || qty === 0) {
      sink.error(el.line, 'quantity', `"${attr('quantity')}" is not a non-zero quantity`)
      continue
    }
    const price = parseNumber(attr('tradePrice'))
    if (price === null) {
      sink.error(el.line, 'tradePrice', `"${attr('tradePrice')}" is not a price`)
      continue
    }
    const commission = parseMoneyOrZero(attr('ibCommission'))
    const taxes = parseMoneyOrZero(attr('taxes'))
    if (commission === null || taxes === null) {
      sink.error(el.line, commission === null ? 'ibCommission' : 'taxes', 'not an amount')
      continue
    }
    const rawMultiplier = attr('multiplier')
    const multiplier = rawMultiplier === '' ? null : parseNumber(rawMultiplier)
    if (rawMultiplier !== '' && multiplier === null) {
      sink.error(el.line, 'multiplier', `"${rawMultiplier}" is not a number`)
      continue
    }
    const symbol = attr('symbol')
    const under = attr('underlyingSymbol') || firstToken(symbol)
    const underlying =
      assetClass === 'future' || assetClass === 'future_option'
        ? futuresRoot(under)
        : under.toUpperCase()
    const side = buySell.startsWith('SELL') || (buySell === '' && qty < 0) ? 'sell' : 'buy'
    if ((side === 'sell') !== qty < 0) {
      sink.error(el.line, 'buySell', `buySell "${buySell}" disagrees with quantity ${qty}`)
      continue
    }
    const oc = attr('openCloseIndicator').toUpperCase()
    const execId = attr('ibExecID') || attr('tradeID') || attr('transactionID')
    const pnl = parseNumber(attr('fifoPnlRealized'))
    if (pnl !== null && pnl !== 0) {
      sink.total({
        label: 'fifoPnlRealized',
        symbol,
        currency: attr('currency') || 'USD',
        amount: pnl,
        line: el.line,
      })
    }
    sink.add({
      line: el.line,
      account: ctx.account ?? (attr('accountId') || statementAccount || 'ibkr'),
      broker: 'ibkr',
      symbol,
      underlying,
      assetClass,
      side,
      qty: Math.abs(qty),
      price,
      multiplier,
      commission,
      fees: taxes,
      currency: attr('currency') || attr('ibCommissionCurrency') || 'USD',
      executedAt,
      externalTradeId: execId === '' ? null : execId,
      orderId: attr('ibOrderID') || null,
      openClose: oc === 'O' ? 'open' : oc === 'C' ? 'close' : null,
      fields: { qty: 'quantity', price: 'tradePrice', time: 'dateTime' },
    })
  }
  const outcome = sink.finish('ibkr-flex', ctx.zone)
  if (!outcome.ok || !hasPositionSection) return outcome
  return { ok: true, value: { ...outcome.value, statedPositions: positions } }
}
