import { html, type TemplateResult } from 'lit';
import type { SiteStrings } from './site-strings.js';
import type { WidgetLook } from './widget-look-api.js';

/** The widget look's choices, as the page offers them (`''`: the widget's default). */
const LOOK_CHOICES = {
  theme: ['', 'light', 'dark', 'auto'],
  position: ['', 'right', 'left'],
  prechat: ['', 'off', 'optional', 'required'],
} as const;

type Choice = keyof typeof LOOK_CHOICES;

/** What the Site page gives its look form: the submit handler, and its state beside the fields and the button. */
export interface LookFormParts {
  readonly onSubmit: (event: SubmitEvent) => void;
  readonly busy: boolean;
  /** The relay's refusal of the form, if any. */
  readonly error: unknown;
  /** The save state beside the form's button. */
  readonly saveState: unknown;
}

/**
 * The Site page's widget card: the theme, the side of the page and the pre-chat form (each a choice, the first the
 * widget's default), and the switch of the "Typically replies in…" line (checked unless turned off).
 */
export function lookForm(t: SiteStrings, look: Required<WidgetLook>, parts: LookFormParts): TemplateResult {
  const select = (name: Choice) =>
    html`<label for=${`site-look-${name}`}>${t.look[name]}</label>
      <select id=${`site-look-${name}`} name=${name} aria-describedby=${`site-look-${name}-help`}>
        ${LOOK_CHOICES[name].map(
          (value) =>
            html`<option value=${value} ?selected=${value === (look[name] ?? '')}>
              ${value ? t.lookValues[value] : t.lookDefault(t.lookValues[LOOK_CHOICES[name][1]])}
            </option>`,
        )}
      </select>
      <p class="help" id=${`site-look-${name}-help`}>${t.lookHelp[name]}</p>`;
  return html`<section class="card" aria-labelledby="site-look-title">
    <h2 id="site-look-title">${t.lookTitle}</h2>
    <p class="intro">${t.lookIntro}</p>
    <form class="look" data-save="look" @submit=${parts.onSubmit} novalidate>
      ${select('theme')} ${select('position')} ${select('prechat')}
      <label class="radio"
        ><input
          type="checkbox"
          name="replyTime"
          ?checked=${look.replyTime !== false}
          aria-describedby="site-look-replyTime-help"
        />
        ${t.replyTime}</label
      >
      <p class="help" id="site-look-replyTime-help">${t.replyTimeHelp}</p>
      ${parts.error}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${parts.busy}>${t.save}</button>${parts.saveState}
      </div>
    </form>
  </section>`;
}

/**
 * The look a submitted form asks for: each choice (`''`: null, the default), and the reply-time line off when its
 * box is cleared (null, the default, when ticked).
 */
export function lookFromForm(form: HTMLFormElement): Required<WidgetLook> {
  const data = new FormData(form);
  const chosen = (name: Choice) => (String(data.get(name) ?? '') || null) as never;
  return {
    theme: chosen('theme'),
    position: chosen('position'),
    prechat: chosen('prechat'),
    replyTime: data.get('replyTime') === null ? false : null,
  };
}
