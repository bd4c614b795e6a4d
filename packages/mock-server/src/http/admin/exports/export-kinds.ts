/** Every export kind, by name. */
import type { ExportKindDefinition } from './export-kind';
import type { ExportKind } from './export-records';
import { ORDER_EXPORT } from './order-export';

/** The definition of each kind. */
export const EXPORT_KIND_DEFINITIONS: Readonly<Record<ExportKind, ExportKindDefinition>> = Object.freeze({
  orders: ORDER_EXPORT,
});
