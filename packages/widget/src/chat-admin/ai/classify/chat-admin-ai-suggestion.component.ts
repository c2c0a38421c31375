import { readClassification, type AiClassification, type ConversationPatch } from '@parley/protocol/admin';
import type { LocalMessage } from '@parley/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../../admin-region.js';
import { errorText } from '../../kit/error-text.js';
import { AttributesApi } from '../../pages/attributes/attributes-api.js';
import { adopt } from '../ai-base.js';
import { aiEn, type AiStrings } from '../ai-strings.js';
import { classifyStyles } from './classify.styles.js';

/**
 * A rule's AI classification suggested in a private note (`ai_classify` in `suggest` mode, docs/ai.md “Classify”),
 * shown instead of the note's text: what the model chose, in words, and *Apply*, which makes the change through the
 * admin API as the member's own (`PATCH /conversations/{id}`: labels added to those it has, priority, team; and
 * `PATCH …/attributes` for the values it read), so the member's permissions hold. A note whose data cannot be read is
 * shown as its text.
 *
 * @summary A suggested classification, applied with one click.
 * @tag chat-admin-ai-suggestion
 */
export class ChatAdminAiSuggestion extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    message: { attribute: false },
    _busy: { state: true },
    _applied: { state: true },
    _error: { state: true },
  };

  /** The note. */
  declare message: LocalMessage;
  declare private _busy: boolean;
  declare private _applied: boolean;
  declare private _error: string | undefined;
  #read: { text: string; read: ReturnType<typeof readClassification> } | undefined;

  constructor() {
    super();
    this._busy = false;
    this._applied = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    adopt(this, classifyStyles);
  }

  get #texts(): AiStrings {
    return { ...aiEn, ...this.inbox.strings.ai };
  }

  /** The note's classification, read once per text. */
  get #classification(): ReturnType<typeof readClassification> {
    if (this.#read?.text !== this.message.text)
      this.#read = { text: this.message.text, read: readClassification(this.message.text) };
    return this.#read.read;
  }

  async #apply(classification: AiClassification): Promise<void> {
    const api = this.inbox.api;
    const id = this.message.conversationId ?? this.inbox.state.current?.id;
    if (!api || !id || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      const open = this.inbox.state.current;
      const conversation = open?.id === id ? open : await api.conversation(id);
      const patch: ConversationPatch = {};
      const labels = classification.labels?.filter((label) => !conversation.labels.includes(label)) ?? [];
      if (labels.length > 0) patch.labels = [...conversation.labels, ...labels];
      if (classification.priority) patch.priority = classification.priority;
      if (classification.team) patch.teamId = classification.team.id;
      if (Object.keys(patch).length > 0) this.inbox.list.replace(await api.updateConversation(id, patch));
      const attributes = new AttributesApi(api);
      for (const scope of ['conversation', 'contact'] as const) {
        const values = (classification.attributes ?? []).filter((each) => each.scope === scope);
        if (values.length === 0) continue;
        await attributes.set(
          scope,
          scope === 'conversation' ? id : conversation.visitor.id,
          Object.fromEntries(values.map((each) => [each.key, each.value])),
        );
      }
      this._applied = true;
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult {
    const read = this.#classification;
    if (!read) return html`<p class="bubble" dir="auto">${this.message.text}</p>`;
    const t = this.#texts;
    const { classification } = read;
    const rows: Array<[string, string]> = [];
    if (classification.labels) rows.push([t.suggestedLabels, classification.labels.join(', ')]);
    if (classification.priority)
      rows.push([t.suggestedPriority, this.inbox.strings.priorities[classification.priority]]);
    if (classification.team) rows.push([t.suggestedTeam, classification.team.name]);
    for (const { label, value } of classification.attributes ?? []) rows.push([label, String(value)]);
    return html`<div class="bubble ai-suggestion">
      <strong>${t.suggested}</strong>
      <dl>
        ${rows.map(([term, value]) => html`<dt>${term}</dt><dd dir="auto">${value}</dd>`)}
      </dl>
      <button
        type="button"
        class="ai-apply"
        ?disabled=${this._busy || this._applied}
        @click=${() => void this.#apply(classification)}
      >
        ${this._busy ? t.applying : t.apply}</button
      >${this._applied ? html`<span class="ai-applied" role="status">${t.applied}</span>` : nothing}
      ${this._error ? html`<p class="ai-error" role="alert">${this._error}</p>` : nothing}
    </div>`;
  }
}
