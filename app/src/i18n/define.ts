/** A feature's messages in the three languages; the Armenian and Russian must have exactly the English keys. */
export function defineMessages<const E extends Record<string, string>>(messages: { en: E; hy: { [K in keyof E]: string }; ru: { [K in keyof E]: string } }) {
  return messages;
}
