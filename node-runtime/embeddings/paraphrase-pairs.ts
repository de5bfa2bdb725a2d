/**
 * The project's own paraphrase pairs (written for Switchyard, not taken from any dataset): each
 * pair says the same thing in different words, and no two pairs share a topic. Used to check
 * that an embedding model puts paraphrases closer together than unrelated sentences.
 */
export const PARAPHRASE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['How do I reset my password?', 'What are the steps to change my password?'],
  ['The train to Berlin leaves at noon.', 'At twelve o\'clock the Berlin train departs.'],
  ['Can you recommend a good Italian restaurant nearby?', 'Is there a nice Italian place to eat close to here?'],
  ['My laptop battery drains very quickly.', 'The battery on my notebook runs out fast.'],
  ['What is the weather forecast for tomorrow?', 'Will it be sunny or rainy tomorrow?'],
  ['Please cancel my subscription.', 'I want to end my membership plan.'],
  ['How much does shipping to Canada cost?', 'What is the delivery fee for orders sent to Canada?'],
  ['The meeting has been moved to Thursday.', 'We rescheduled the meeting for Thursday.'],
  ['I forgot my umbrella at the office.', 'I left my umbrella at work.'],
  ['Which programming language should I learn first?', 'What is the best first language for someone learning to code?'],
  ['The cat is sleeping on the sofa.', 'A kitten naps on the couch.'],
  ['Our quarterly revenue grew by ten percent.', 'Sales for the quarter rose ten percent.'],
];
