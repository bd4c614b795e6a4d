/**
 * Options of settlement (seller-console.md §5–§8). Defaults marked [P] are the reference's proposals where the
 * platform publishes nothing or contradicts itself (§10); the others are published values, configurable all the
 * same.
 */

/** Engine option `settlement`. */
export interface SettlementOptions {
  /** [P] Day of the month on which the previous month's bills are generated (§6.1, §10 item 2: 7th vs 3rd). Default 7. */
  billDay?: number;
  /** Minute of the bill day's business time at which bills are generated. Default 0 (00:00). */
  billMinute?: number;
  /**
   * Platform fee (平台服务费) as a percentage of the transaction amount (§6.1). Default 5: since 2019-05-01 the
   * platform charges general goods 5 % of the order amount (the halved rate of its public notice); joint
   * operations and negotiated rates differ, so set yours.
   */
  platformFeePercent?: number;
  /** [P] A product type's bill is generated only when its transaction total reaches this (§6.1, §10 item 6). Default 0. */
  minimumBillAmount?: number;
  /** [P] Transaction-detail timing (§5, §10 item 3): `cn` daily (T+1 after 08:00) or `intl` monthly. Default `cn`. */
  transactionTiming?: 'cn' | 'intl';
  /** Minute of day D+1 from which the rows of day D are visible (cn timing, §5: "after 08:00"). Default 480. */
  transactionVisibleMinute?: number;
  /** Bills generated before this business date (`yyyy-MM-dd`) need 确认账单 (§6.3, §10 item 4). Default `2024-12-24`. */
  confirmationCutoff?: string;
}

/** The options with every default applied. */
export interface ResolvedSettlementOptions {
  billDay: number;
  billMinute: number;
  platformFeePercent: number;
  minimumBillAmount: number;
  transactionTiming: 'cn' | 'intl';
  transactionVisibleMinute: number;
  /** Start of the cut-off day in business time is computed with the engine's time zone. */
  confirmationCutoff: string;
}

/** Defaults of {@link SettlementOptions}. */
export const SETTLEMENT_DEFAULTS: Readonly<Required<SettlementOptions>> = Object.freeze({
  billDay: 7,
  billMinute: 0,
  platformFeePercent: 5,
  minimumBillAmount: 0,
  transactionTiming: 'cn',
  transactionVisibleMinute: 480,
  confirmationCutoff: '2024-12-24',
});

const KEYS = Object.keys(SETTLEMENT_DEFAULTS);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const between = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** Applies defaults; pushes one message per invalid option to `problems`. */
export function resolveSettlementOptions(
  o: SettlementOptions | undefined,
  problems: string[],
): ResolvedSettlementOptions {
  if (o !== undefined && (o === null || typeof o !== 'object')) {
    problems.push('settlement: must be an object');
    return { ...SETTLEMENT_DEFAULTS };
  }
  const v = { ...SETTLEMENT_DEFAULTS, ...(o ?? {}) };
  for (const key of Object.keys(o ?? {})) {
    if (!KEYS.includes(key)) problems.push(`settlement.${key}: unknown option (known: ${KEYS.join(', ')})`);
  }
  if (!isInt(v.billDay) || v.billDay < 1 || v.billDay > 28)
    problems.push('settlement.billDay: must be an integer from 1 to 28 (a day every month has)');
  if (!isInt(v.billMinute) || v.billMinute < 0 || v.billMinute > 1439)
    problems.push('settlement.billMinute: must be an integer from 0 to 1439');
  if (!between(v.platformFeePercent, 0, 100))
    problems.push('settlement.platformFeePercent: must be a number from 0 to 100');
  if (!between(v.minimumBillAmount, 0, Number.MAX_SAFE_INTEGER / 100))
    problems.push('settlement.minimumBillAmount: must be a number ≥ 0 (yuan)');
  if (v.transactionTiming !== 'cn' && v.transactionTiming !== 'intl')
    problems.push(
      'settlement.transactionTiming: must be "cn" (daily, T+1 08:00) or "intl" (after the bill day)',
    );
  if (
    !isInt(v.transactionVisibleMinute) ||
    v.transactionVisibleMinute < 0 ||
    v.transactionVisibleMinute > 1439
  )
    problems.push('settlement.transactionVisibleMinute: must be an integer from 0 to 1439');
  if (
    typeof v.confirmationCutoff !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(v.confirmationCutoff) ||
    Number.isNaN(Date.parse(`${v.confirmationCutoff}T00:00:00Z`))
  )
    problems.push('settlement.confirmationCutoff: must be a date yyyy-MM-dd, e.g. 2024-12-24');
  return { ...v };
}
