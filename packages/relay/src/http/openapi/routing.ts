import { type Json, body, idParam, ok, operation, priority } from './openapi-parts.js';

const minutes = { type: 'integer', minimum: 1, maximum: 10080 };

const settings: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['mode', 'defaultCapacity', 'reassignAfterMinutes', 'sla'],
  properties: {
    mode: {
      type: 'string',
      enum: ['off', 'round-robin', 'least-open'],
      description:
        'How new conversations are assigned: `round-robin` to the agent assigned longest ago, `least-open` to the one with the fewest open conversations; only agents online, available and under capacity, inside the conversation’s team if it has one. `off`: nobody automatically.',
    },
    defaultCapacity: {
      type: 'integer',
      minimum: 0,
      maximum: 1000,
      description: 'Open (and pending) conversations an agent takes at most, unless they have a capacity of their own.',
    },
    reassignAfterMinutes: {
      type: ['integer', 'null'],
      minimum: 1,
      maximum: 10080,
      description: 'An assignee offline this long loses their open conversations to another agent; null: never.',
    },
    sla: {
      type: ['object', 'null'],
      description: 'The first-reply deadline; null: none.',
      additionalProperties: false,
      required: ['firstResponseMinutes', 'raisePriorityTo', 'notifyEmail'],
      properties: {
        firstResponseMinutes: {
          ...minutes,
          description:
            'No staff reply (the bot’s never counts) this long after the conversation opened: it is overdue.',
        },
        raisePriorityTo: { ...priority, description: 'An overdue conversation’s priority is raised to at least this.' },
        notifyEmail: {
          type: 'boolean',
          description:
            'An overdue conversation also emails its team (without one, the site’s admins), those who turned notifications on.',
        },
      },
    },
  },
};

const staff: Json = {
  type: 'object',
  required: [
    'id',
    'name',
    'role',
    'availability',
    'availabilityAt',
    'capacity',
    'lastSeenAt',
    'open',
    'teamIds',
    'connected',
    'online',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'agent'] },
    availability: {
      type: 'string',
      enum: ['online', 'away', 'offline'],
      description: 'What they said: taking conversations, away (none new), or gone.',
    },
    availabilityAt: { type: 'number', description: 'Since when (ms); 0 when never set.' },
    capacity: { type: ['integer', 'null'], description: 'Their own capacity; null: the site’s default.' },
    lastSeenAt: { type: 'number', description: 'When a relay last saw a connection of theirs (ms); 0: never.' },
    open: { type: 'integer', description: 'Their open and pending conversations.' },
    teamIds: { type: 'array', items: { type: 'string' } },
    connected: { type: 'boolean', description: 'A relay saw a connection of theirs within the last 45 s.' },
    online: { type: 'boolean', description: 'Connected and available: routing may give them conversations.' },
  },
};

const team: Json = {
  type: 'object',
  required: ['id', 'name', 'memberIds', 'createdAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    memberIds: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'number' },
  },
};

const teamBody: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'memberIds'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 80 },
    memberIds: { type: 'array', maxItems: 500, items: { type: 'string' } },
  },
};

const availabilityBody: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['availability'],
  properties: { availability: { type: 'string', enum: ['online', 'away', 'offline'] } },
};

/** Routing and SLA (issue #17). (`admin-routes/routing.ts` serves them.) */
export const routingPaths: Record<string, Json> = {
  '/v1/admin/routing': {
    get: operation(
      "The site's routing",
      'Its routing and SLA settings, its staff with their availability, capacity and open conversations, and its teams. See docs/automations.md ("Routing", "SLA").',
      {
        tag: 'routing',
        responses: ok('Settings, staff and teams.', {
          type: 'object',
          required: ['settings', 'updatedAt', 'staff', 'teams'],
          properties: {
            settings,
            updatedAt: { type: ['number', 'null'], description: 'When the settings were last saved; null: never.' },
            staff: { type: 'array', items: staff },
            teams: { type: 'array', items: team },
          },
        }),
      },
    ),
    put: operation(
      "Replace the site's routing",
      'The whole document. Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`routing.update`).',
      {
        tag: 'routing',
        adminOnly: true,
        requestBody: body(settings),
        responses: ok('The settings now.', {
          type: 'object',
          required: ['settings', 'updatedAt'],
          properties: { settings, updatedAt: { type: 'number' } },
        }),
      },
    ),
  },
  '/v1/admin/routing/staff/{id}': {
    patch: operation(
      "Change a staff member's routing",
      'Their capacity (null: the site’s default) or availability. Setting `offline` starts the reassignment timer when the site reassigns. Audited (`routing.staff.update`).',
      {
        tag: 'routing',
        adminOnly: true,
        parameters: [idParam('staff')],
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          properties: {
            availability: { type: 'string', enum: ['online', 'away', 'offline'] },
            capacity: { type: ['integer', 'null'], minimum: 0, maximum: 1000 },
          },
        }),
        notFound: true,
        responses: ok('The staff member now.', staff),
      },
    ),
  },
  '/v1/admin/me/availability': {
    get: operation('My availability', 'The caller’s availability and routing facts.', {
      tag: 'routing',
      notFound: true,
      responses: ok('The caller.', staff),
    }),
    put: operation(
      'Set my availability',
      '`online`: routing gives the caller conversations while connected; `away`: none new; `offline`: none, and their open conversations go to others after the site’s minutes. Audited (`availability.update`).',
      {
        tag: 'routing',
        requestBody: body(availabilityBody),
        notFound: true,
        responses: ok('The caller now.', staff),
      },
    ),
  },
  '/v1/admin/teams': {
    post: operation(
      'Create a team',
      'Its name and members (active staff of the site). A conversation moved to a team is routed inside it. Audited (`team.create`).',
      {
        tag: 'routing',
        adminOnly: true,
        requestBody: body(teamBody),
        responses: ok('The team.', team, '201'),
      },
    ),
  },
  '/v1/admin/teams/{id}': {
    put: operation('Replace a team', 'Its name and members. Audited (`team.update`).', {
      tag: 'routing',
      adminOnly: true,
      parameters: [idParam('team')],
      requestBody: body(teamBody),
      notFound: true,
      responses: ok('The team.', team),
    }),
    delete: operation(
      'Delete a team',
      'Its conversations keep their assignee and lose the team. Audited (`team.delete`).',
      {
        tag: 'routing',
        adminOnly: true,
        parameters: [idParam('team')],
        notFound: true,
        responses: { '204': { description: 'Deleted.' } },
      },
    ),
  },
};
