import { css, html, nothing, type TemplateResult } from 'lit';
import {
  MAX_AGENT_NAME,
  MAX_AGENT_TONE,
  MAX_AGENT_TOPIC,
  MAX_AGENT_TOPICS,
  type AiAgentSettings,
  type AiAgentSettingsInput,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AiApi } from '../../ai/ai-api.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { aiAgentEn, type AiAgentStrings } from './ai-agent-strings.js';

/** The section's fields, as the relay names them in a refusal. */
type Field = 'name' | 'tone' | 'avoid';

/**
 * The AI settings page's "AI agent" section (issue #83; `GET/PUT /v1/admin/ai/agent`): whether the site's AI agent
 * answers visitors, the name it answers under, its tone, and the topics it avoids (a list of chips: typed and added
 * with Enter or *Add*, each removed by its own button). The form checks the contract's limits (lengths, the count of
 * topics, a topic twice) before any call and says each refusal beside its field, as it does the relay's. While the
 * site's AI tools are off (the page's own form, `toolsOn`) the section is disabled and says why: the agent answers
 * with their provider.
 *
 * @summary The site's AI agent for visitors: on or off, name, tone, topics to avoid.
 * @tag chat-admin-ai-agent
 */
export class ChatAdminAiAgent extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      /* The page draws the card around this element (its host has the class): its content is laid out as a card's. */
      :host {
        display: grid;
        max-width: none;
        margin: 0;
      }
      section {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 12px;
        min-width: 0;
        position: relative;
      }
      /* The whole form's fieldset (what disables it) draws no box of its own; the topics' does. */
      fieldset.agent {
        display: grid;
        gap: 8px;
        margin: 0;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      fieldset:disabled {
        opacity: 0.6;
      }
      .topics {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .topics li {
        display: inline-flex;
        align-items: center;
        gap: 2px;
        max-width: 100%;
        padding: 2px 2px 2px 10px;
        border: 1px solid var(--_control);
        border-radius: 999px;
        overflow-wrap: anywhere;
      }
      .topics button {
        min-height: 0;
        padding: 2px 8px;
        border: 0;
        border-radius: 999px;
        background: none;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      .topics button:hover,
      .topics button:focus-visible {
        background: color-mix(in srgb, var(--_fg) 12%, transparent);
      }
      .add-topic {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .add-topic input {
        flex: 1 1 12em;
        min-width: 0;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    toolsOn: { type: Boolean, attribute: false },
    _agent: { state: true },
    _avoid: { state: true },
    _errors: { state: true },
  };

  /** Whether the site's AI tools are on (as saved): the section is disabled while they are off. */
  declare toolsOn: boolean;
  declare private _agent: AiAgentSettings | undefined;
  /** The topics to avoid as the form holds them (saved with the rest). */
  declare private _avoid: readonly string[];
  declare private _errors: Partial<Record<Field, string>>;

  constructor() {
    super();
    this.toolsOn = false;
    this._avoid = [];
    this._errors = {};
  }

  get #t(): AiAgentStrings {
    return { ...aiAgentEn, ...this.strings.aiAgent };
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#take(await new AiApi(api).agent());
  }

  #take(agent: AiAgentSettings): void {
    this._agent = agent;
    this._avoid = agent.avoid;
  }

  /** Adds `topic` (trimmed) to the list, or says why not beside the list; true when the list is as wanted. */
  #add(topic: string): boolean {
    const t = this.#t;
    const wanted = topic.trim();
    if (!wanted) return true;
    const error =
      wanted.length > MAX_AGENT_TOPIC
        ? t.topicTooLong
        : this._avoid.some((each) => each.toLocaleLowerCase() === wanted.toLocaleLowerCase())
          ? t.topicTwice
          : this._avoid.length >= MAX_AGENT_TOPICS
            ? t.tooManyTopics
            : undefined;
    this._errors = { ...this._errors, avoid: error };
    if (error) return false;
    this._avoid = [...this._avoid, wanted];
    return true;
  }

  #addTyped = (): void => {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#agent-topic');
    if (input && this.#add(input.value)) input.value = '';
    input?.focus();
  };

  /** Removes `topic` (the list holds each once: by its words, so that clicks quicker than a render remove the right one). */
  #remove(topic: string): void {
    const index = this._avoid.indexOf(topic);
    if (index < 0) return;
    this._avoid = this._avoid.filter((each) => each !== topic);
    this._errors = { ...this._errors, avoid: undefined };
    // Focus stays in the list: on the next topic's button, or the input once the list is empty.
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.topics button');
      (
        buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#agent-topic')
      )?.focus();
    });
  }

  /** The form's values as the relay takes them (a topic still typed is added), or the refusals beside their fields. */
  #body(form: HTMLFormElement): AiAgentSettingsInput | undefined {
    const t = this.#t;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const tone = String(data.get('tone') ?? '').trim();
    const typed = form.querySelector<HTMLInputElement>('#agent-topic');
    const listed = typed ? this.#add(typed.value) : true;
    if (listed && typed) typed.value = '';
    const errors: Partial<Record<Field, string>> = listed ? {} : { avoid: this._errors.avoid };
    if (name.length > MAX_AGENT_NAME) errors.name = t.nameTooLong;
    if (tone.length > MAX_AGENT_TONE) errors.tone = t.toneTooLong;
    this._errors = errors;
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return undefined;
    }
    return { enabled: data.get('enabled') === 'on', name: name || null, tone, avoid: [...this._avoid] };
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const body = this.#body(event.currentTarget as HTMLFormElement);
    if (!body || !this.api) return;
    await this.run(async (api) => this.#take(await new AiApi(api).saveAgent(body)), this.#t.saved);
  };

  /** A refusal naming a field of the form is said beside it, the rest in the save state. */
  protected override failed(error: unknown): void {
    const field = fieldOf(error, ['name', 'tone', 'avoid']);
    if (field) this._errors = { ...this._errors, [field]: this.errorText(error) };
    super.failed(error);
  }

  /** A field's `aria-describedby` (its help, its error) and `aria-invalid`. */
  #described(name: Field, help: boolean): { describedby: string; invalid: 'true' | 'false' } {
    const error = this._errors[name];
    const ids = [help ? `agent-${name}-help` : '', error ? `agent-${name}-error` : ''].filter(Boolean);
    return { describedby: ids.join(' '), invalid: error ? 'true' : 'false' };
  }

  #error(name: Field): TemplateResult | typeof nothing {
    const error = this._errors[name];
    return error ? html`<p id="agent-${name}-error" class="field-error">${error}</p>` : nothing;
  }

  #renderTopics(): TemplateResult {
    const t = this.#t;
    const topic = this.#described('avoid', true);
    return html`<fieldset class="avoid">
      <legend>${t.avoid}</legend>
      ${
        this._avoid.length
          ? html`<ul class="topics" aria-label=${t.avoid}>
              ${this._avoid.map(
                (each) =>
                  html`<li dir="auto">
                    <span>${each}</span>
                    <button type="button" aria-label=${t.remove(each)} title=${t.remove(each)} @click=${() => this.#remove(each)}>
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted no-topics">${t.noTopics}</p>`
      }
      <label for="agent-topic">${t.topic}</label>
      <div class="add-topic">
        <input
          id="agent-topic"
          spellcheck="true"
          enterkeyhint="done"
          aria-describedby=${topic.describedby}
          aria-invalid=${topic.invalid}
          @keydown=${(event: KeyboardEvent) => {
            // Enter adds the topic, rather than saving the form.
            if (event.key !== 'Enter' || event.isComposing) return;
            event.preventDefault();
            this.#addTyped();
          }}
        />
        <button type="button" class="secondary add" @click=${this.#addTyped}>${t.add}</button>
      </div>
      <p id="agent-avoid-help" class="help">${t.avoidHelp}</p>
      ${this.#error('avoid')}
    </fieldset>`;
  }

  #renderForm(agent: AiAgentSettings): TemplateResult {
    const t = this.#t;
    const name = this.#described('name', true);
    const tone = this.#described('tone', true);
    const off = !this.toolsOn;
    return html`<form data-save="agent" novalidate @submit=${this.#onSubmit}>
      ${off ? html`<p id="agent-off" class="help tools-off" role="note">${t.toolsOff}</p>` : nothing}
      <fieldset class="agent" ?disabled=${off} aria-describedby=${off ? 'agent-off' : ''}>
        <label><input type="checkbox" name="enabled" .checked=${agent.enabled} /> ${t.enabled}</label>
        <label for="agent-name">${t.name}</label>
        <input
          id="agent-name"
          name="name"
          autocomplete="off"
          .value=${agent.name ?? ''}
          aria-describedby=${name.describedby}
          aria-invalid=${name.invalid}
        />
        <p id="agent-name-help" class="help">${t.nameHelp}</p>
        ${this.#error('name')}
        <label for="agent-tone">${t.tone}</label>
        <textarea
          id="agent-tone"
          name="tone"
          rows="2"
          .value=${agent.tone}
          aria-describedby=${tone.describedby}
          aria-invalid=${tone.invalid}
        ></textarea>
        <p id="agent-tone-help" class="help">${t.toneHelp}</p>
        ${this.#error('tone')} ${this.#renderTopics()}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('agent')}
        </div>
      </fieldset>
    </form>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const agent = this._agent;
    return html`<section aria-labelledby="agent-title">
      <h2 id="agent-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      ${agent ? this.#renderForm(agent) : this.error ? nothing : html`<p class="muted">${this.strings.loading}</p>`}
    </section>`;
  }
}

/** Registers `<chat-admin-ai-agent>` (the AI settings page shows it). */
export function defineAiAgent(): void {
  if (!customElements.get('chat-admin-ai-agent')) customElements.define('chat-admin-ai-agent', ChatAdminAiAgent);
}
