import type { WhatsAppTemplate } from '@parley/protocol/admin';
import type { WhatsAppApi } from './whatsapp-api.js';

/** How long a number's template list is kept before it is asked for again. */
const TEMPLATES_TTL_MS = 5 * 60_000;

/** A placeholder of a template's text: `{{1}}` (positional) or `{{first_name}}` (named). */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]{1,60})\s*\}\}/g;

interface GraphComponent {
  readonly type?: unknown;
  readonly format?: unknown;
  readonly text?: unknown;
  readonly buttons?: unknown;
}
interface GraphTemplate {
  readonly name?: unknown;
  readonly language?: unknown;
  readonly status?: unknown;
  readonly category?: unknown;
  readonly components?: unknown;
}

/** The placeholders of a text, each once, in order. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * A template as Parley can send it: approved, its body's variables text only. One with a media header, a header's
 * or a button's own variables (which Parley's composer does not ask for) is left out.
 */
function usable(raw: GraphTemplate): WhatsAppTemplate | undefined {
  if (raw.status !== 'APPROVED' || typeof raw.name !== 'string' || typeof raw.language !== 'string') return undefined;
  const components = Array.isArray(raw.components) ? (raw.components as GraphComponent[]) : [];
  const part = (type: string) => components.find((c) => typeof c === 'object' && c !== null && c.type === type);
  const header = part('HEADER');
  const body = part('BODY');
  const footer = part('FOOTER');
  const buttons = part('BUTTONS');
  if (!body || typeof body.text !== 'string') return undefined;
  if (header && (header.format !== 'TEXT' || typeof header.text !== 'string' || placeholders(header.text).length > 0))
    return undefined;
  if (buttons && JSON.stringify(buttons.buttons ?? []).includes('{{')) return undefined;
  const text = [header?.text, body.text, typeof footer?.text === 'string' ? footer.text : undefined]
    .filter((line): line is string => typeof line === 'string' && line !== '')
    .join('\n\n');
  return {
    name: raw.name.slice(0, 512),
    language: raw.language.slice(0, 20),
    category: typeof raw.category === 'string' ? raw.category.slice(0, 40) : 'UTILITY',
    text: text.slice(0, 4096),
    variables: placeholders(body.text),
  };
}

/** A template's text with its variables filled in, as the conversation shows what was sent. */
export function renderTemplate(template: WhatsAppTemplate, values: readonly string[]): string {
  return template.text.replace(PLACEHOLDER, (whole, name: string) => {
    const at = template.variables.indexOf(name);
    return at >= 0 && values[at] !== undefined ? values[at] : whole;
  });
}

/** The `template` object of a send (`POST /<number>/messages`, `type: template`). */
export function templatePayload(
  name: string,
  language: string,
  variables: readonly string[],
  values: readonly string[],
): Record<string, unknown> {
  const named = variables.some((variable) => !/^\d+$/.test(variable));
  return {
    name,
    language: { code: language },
    ...(values.length > 0
      ? {
          components: [
            {
              type: 'body',
              parameters: values.map((text, at) => ({
                type: 'text',
                text,
                ...(named ? { parameter_name: variables[at] } : {}),
              })),
            },
          ],
        }
      : {}),
  };
}

/**
 * The approved message templates of a business account (`GET /<waba id>/message_templates`), which a number may
 * send outside the 24-hour window; kept five minutes per channel.
 */
export class WhatsAppTemplates {
  readonly #cache = new Map<string, { at: number; list: Promise<WhatsAppTemplate[] | { error: string }> }>();

  constructor(
    private readonly api: WhatsAppApi,
    private readonly now: () => number = Date.now,
  ) {}

  /** The channel's usable templates, or why WhatsApp did not give them. */
  list(
    channelId: string,
    credentials: { readonly businessAccountId: string; readonly accessToken: string },
    signal: AbortSignal,
  ): Promise<WhatsAppTemplate[] | { error: string }> {
    const cached = this.#cache.get(channelId);
    if (cached && this.now() - cached.at < TEMPLATES_TTL_MS) return cached.list;
    const list = this.#fetch(credentials, signal);
    this.#cache.set(channelId, { at: this.now(), list });
    // A failure is not kept: the next ask tries again.
    void list.then((got) => {
      if ('error' in got && this.#cache.get(channelId)?.list === list) this.#cache.delete(channelId);
    });
    return list;
  }

  async #fetch(
    { businessAccountId, accessToken }: { readonly businessAccountId: string; readonly accessToken: string },
    signal: AbortSignal,
  ): Promise<WhatsAppTemplate[] | { error: string }> {
    const answer = await this.api.get<{ data?: unknown }>(
      accessToken,
      `${businessAccountId}/message_templates`,
      { fields: 'name,language,status,category,components', limit: '200' },
      signal,
    );
    if (!answer.ok) return { error: `WhatsApp did not list the templates: ${answer.message}` };
    const data = Array.isArray(answer.result.data) ? (answer.result.data as GraphTemplate[]) : [];
    return data
      .flatMap((raw) => {
        const template = typeof raw === 'object' && raw !== null ? usable(raw) : undefined;
        return template ? [template] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
  }
}
