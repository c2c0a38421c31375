/** The strings of WhatsApp's composer tool; its chunk brings the English ones. */
export interface WhatsAppStrings {
  whatsappOpen: (until: string) => string;
  whatsappClosed: string;
  whatsappTemplates: string;
  whatsappTemplate: string;
  whatsappChoose: string;
  whatsappVariable: (name: string) => string;
  whatsappPreview: string;
  whatsappSend: string;
  whatsappSent: (name: string) => string;
  whatsappNoTemplates: string;
  /** Beside the composer's Send, disabled, outside the window. */
  whatsappHeld: string;
}

/** English strings of WhatsApp's composer tool. */
export const whatsappEn: WhatsAppStrings = {
  whatsappOpen: (until) => `WhatsApp: free replies until ${until}.`,
  whatsappClosed:
    'Outside WhatsApp’s 24-hour window: the customer last wrote more than 24 hours ago. A typed reply cannot be sent; send an approved template instead.',
  whatsappTemplates: 'Send a WhatsApp template',
  whatsappTemplate: 'Template',
  whatsappChoose: 'Choose a template',
  whatsappVariable: (name) => `Value of {{${name}}}`,
  whatsappPreview: 'The customer will read',
  whatsappSend: 'Send template',
  whatsappSent: (name) => `Template ${name} sent.`,
  whatsappNoTemplates: 'This number has no approved templates yet (Meta’s WhatsApp Manager › Message templates).',
  whatsappHeld:
    'Send is off: WhatsApp takes free text only within 24 hours of the customer’s last message. Send an approved template (above) instead.',
};
