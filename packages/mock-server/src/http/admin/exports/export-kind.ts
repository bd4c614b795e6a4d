/**
 * What an export kind is: its title, the filters it takes (the query parameters of the list it exports, read
 * with the same checks), the rows those filters select, and its column table.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../../engine/engine';
import type { QuerySource } from '../input';
import { renderTable, type ExportColumn, type ExportTable } from './export-columns';
import type { Bilingual, ExportKind, ExportLang } from './export-records';

/** The rows an export selected when it was requested, renderable in either language. */
export interface ExportSnapshot {
  rows: number;
  table(lang: ExportLang): ExportTable;
}

/** One export kind, its types erased (see {@link defineExportKind}). */
export interface ExportKindDefinition {
  kind: ExportKind;
  /** Sheet name and the file name's stem in each language (`订单列表`, `orders`). */
  title: Bilingual;
  /** ASCII stem of the file name (`orders`): the fallback `filename` of the download. */
  slug: string;
  /** The filters it accepts (the exported list's query parameters). */
  filterParams: readonly string[];
  /** The column table (for documentation and tests). */
  columns: readonly ExportColumn<never>[];
  /**
   * Reads the filters into `issues`; when there are none, returns the thunk that selects the rows now (throws
   * NOT_FOUND for a filter naming a record that does not exist, e.g. a bill).
   */
  prepare(engine: MarketEngine, filters: QuerySource, issues: ValidationIssue[]): () => ExportSnapshot;
}

/** Defines a kind from its typed parts. */
export function defineExportKind<F, R>(d: {
  kind: ExportKind;
  title: Bilingual;
  slug: string;
  filterParams: readonly string[];
  columns: readonly ExportColumn<R>[];
  readFilters: (filters: QuerySource, issues: ValidationIssue[]) => F;
  rows: (engine: MarketEngine, filters: F) => R[];
}): ExportKindDefinition {
  return {
    kind: d.kind,
    title: d.title,
    slug: d.slug,
    filterParams: d.filterParams,
    columns: d.columns,
    prepare(engine, source, issues) {
      const filters = d.readFilters(source, issues);
      return () => {
        const rows = d.rows(engine, filters);
        return { rows: rows.length, table: (lang) => renderTable(d.title, d.columns, rows, lang) };
      };
    },
  };
}
