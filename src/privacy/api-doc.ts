// Readers' personal data (routes.ts) as the API document describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { json } from '../api/route-doc.js';
import { ErasureResult, PersonalDataExport } from '../responses.js';
import { EraseRequest, ExportRequest } from './schema.js';

const admin = { tag: 'Admins', access: 'admin', sameOrigin: true } as const;

export const privacyApi: RouteDoc[] = [
  {
    ...admin,
    method: 'post',
    path: '/api/admin/privacy/export',
    operationId: 'exportPersonalData',
    summary: 'Every comment by an email, on every site, in every status',
    body: ExportRequest,
    responses: { 200: json('The export (it holds personal data: never cached).', PersonalDataExport) },
  },
  {
    ...admin,
    method: 'post',
    path: '/api/admin/privacy/erase',
    operationId: 'erasePersonalData',
    summary: "Erase an email's personal data (or delete its comments)",
    body: EraseRequest,
    responses: { 200: json('How many comments were erased, or deleted.', ErasureResult) },
  },
];
