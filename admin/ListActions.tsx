import type { ReactNode } from 'react';
import {
  CreateButton,
  ExportButton,
  FilterButton,
  TopToolbar,
  useListContext,
  useResourceDefinition,
} from 'react-admin';
import { EXPORT_MAX_ROWS } from '../domain/headers';

/**
 * A list's toolbar: its own buttons, its filters, 新建 where the resource has a create page, and 导出 to Excel
 * (admin/xlsx.ts) of the list as filtered, up to EXPORT_MAX_ROWS rows, read as an export.
 */
export function ListActions({ filters = true, children }: { filters?: boolean; children?: ReactNode }) {
  const { hasCreate } = useResourceDefinition();
  const { exporter } = useListContext();
  return (
    <TopToolbar>
      {children}
      {filters && <FilterButton />}
      {hasCreate && <CreateButton />}
      {exporter && <ExportButton maxResults={EXPORT_MAX_ROWS} meta={{ export: true }} />}
    </TopToolbar>
  );
}
