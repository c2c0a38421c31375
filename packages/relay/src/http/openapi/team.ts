import { type Json, body, idParam, ok, operation, page, ref } from './openapi-parts.js';

/** The team: staff tokens. (`admin-routes/team.ts` serves them.) */
export const teamPaths: Record<string, Json> = {
  '/v1/admin/tokens': {
    get: operation('Staff tokens', 'Active staff members of the site (never their tokens).', {
      tag: 'staff',
      adminOnly: true,
      responses: ok('Staff.', page('StaffMember', false)),
    }),
    post: operation('Create a staff token', 'The token is in this answer only; only its hash is stored.', {
      tag: 'staff',
      adminOnly: true,
      requestBody: body({
        type: 'object',
        required: ['name', 'role'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 120 },
          role: { type: 'string', enum: ['admin', 'agent'] },
        },
      }),
      responses: ok(
        'Created.',
        {
          allOf: [
            ref('StaffMember'),
            { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
          ],
        },
        '201',
      ),
    }),
  },
  '/v1/admin/tokens/{id}': {
    delete: operation(
      'Revoke a staff token',
      'The token stops working at once; the member’s open sockets close with 4014 (`revoked`). An admin cannot revoke the token they are using (409).',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('staff')],
        notFound: true,
        conflict: true,
        responses: { '204': { description: 'Revoked.' } },
      },
    ),
  },
};
