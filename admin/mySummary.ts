import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { KejinDataProvider } from './dataProvider';

/** My counts (GET /api/users/me/summary): the task center's tabs and the dashboard's figures. */
export const useMySummary = () => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  return useQuery({ queryKey: ['my-summary'], queryFn: () => dataProvider.getMySummary().then((r) => r.data) });
};
