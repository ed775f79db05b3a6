import { expandAlowareName } from './name.js';
import { canonicalFromAloware, canonicalFromSalesforce } from './values.js';
import type { AlowareValues, FieldDiff, MergeResult, PlanContext, SfObject } from './types.js';

/** Field diffs (canonical before → after) of a merge's writes, for the dry-run preview. */
export function payloadDiffs(
  object: SfObject,
  record: Record<string, unknown>,
  aloware: AlowareValues,
  result: Pick<MergeResult, 'toAloware' | 'toSalesforce'>,
  ctx: Pick<PlanContext, 'rows' | 'context'>,
): FieldDiff[] {
  if (Object.keys(result.toAloware).length === 0 && Object.keys(result.toSalesforce).length === 0) return [];
  const expanded = expandAlowareName(aloware);
  const diffs: FieldDiff[] = [];
  for (const row of ctx.rows) {
    if (row.object !== object) continue;
    if (row.alowareField in result.toAloware) {
      diffs.push({
        field: row.alowareField,
        from: canonicalFromAloware(row, expanded[row.alowareField], ctx.context),
        to: canonicalFromAloware(row, result.toAloware[row.alowareField], ctx.context),
        direction: 'to_aloware',
      });
    }
    if (row.salesforceField in result.toSalesforce) {
      diffs.push({
        field: row.salesforceField,
        from: canonicalFromSalesforce(row, record[row.salesforceField], ctx.context),
        to: canonicalFromSalesforce(row, result.toSalesforce[row.salesforceField], ctx.context),
        direction: 'to_salesforce',
      });
    }
  }
  return diffs;
}
