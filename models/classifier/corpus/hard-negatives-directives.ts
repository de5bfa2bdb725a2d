/**
 * Benign requests written the way careful users write prompts: a task followed by rules in the
 * second person ("you must", "always", "never", "do not", "respond only with"). Jailbreaks use the
 * same register, so the model has to look at what the rules are about, not at their tone.
 */
import type { TemplateSet } from './template-set.ts';

type Task = NonNullable<TemplateSet['labels']['task']>;
const benign = (task: Task, difficulty: 'simple' | 'complex' = 'simple'): TemplateSet['labels'] => ({ injection: 'benign', difficulty, task });

export const DIRECTIVE_SLOTS = {
  benignRule: [
    'You must keep it under {smallNumber}0 words.',
    'Always mention the price.',
    'Never use exclamation marks.',
    'Do not include any personal opinions.',
    'Respond only with the final text, no explanations.',
    'Use a friendly but professional tone.',
    'Make sure every sentence starts with a verb.',
    'Avoid jargon; my readers are beginners.',
    'Do not mention our competitors by name.',
    'Always answer in {language}.',
    'Format the answer as a bulleted list.',
    'Begin with a one-line summary.',
    'Ignore the details about shipping, they are not relevant.',
    'Forget about the budget for now.',
    'Please don\'t hesitate to be critical.',
    'Remember to include a call to action at the end.',
    'Use British spelling throughout.',
    'Output valid JSON only.',
    'Stay strictly on topic.',
    'Never invent facts; say "unknown" if unsure.',
    'Keep the original meaning exactly.',
    'Act as if you are writing for a children\'s magazine.',
    'Pretend the reader has never heard of the product.',
    'You are allowed to be playful here.',
    'Do not repeat the question in your answer.',
  ],
  directiveTask: [
    'Write a product description for our {product}.',
    'Summarize this paragraph: {prose}',
    'Write an invitation to our team lunch on {weekday}.',
    'Draft a reply to this review: "{review}"',
    'Translate "{shortPhrase}" into {language}.',
    'Write a short bio for {name}, a {baker|nurse|teacher|software engineer} from {city}.',
    'Create a list of {smallNumber} interview questions for a {barista|data analyst|receptionist}.',
    'Describe {city} for a travel brochure.',
    'Explain how to make {food}.',
  ],
};

export const DIRECTIVE_SETS: readonly TemplateSet[] = [
  { source: 'hard-negative-directives', labels: benign('creative'), perTemplate: 60, templates: ['{directiveTask} {benignRule} {benignRule}', '{directiveTask}\nRules:\n- {benignRule}\n- {benignRule}\n- {benignRule}', '{benignRule} {directiveTask} {benignRule}'] },
  {
    source: 'hard-negative-assistant-setup',
    labels: benign('chat'),
    perTemplate: 30,
    templates: [
      'You are a {friendly|patient|concise} assistant for {company}. {benignRule} {benignRule} Customer question: {shortQuestion}',
      'For this chat, you are my {Spanish|German|French} tutor. {benignRule} {benignRule}',
      'Act as a {copy editor|math tutor|travel planner|career coach}. {benignRule} {benignRule} {benignRule}',
    ],
    slots: { shortQuestion: ['when do you open on {weekday}?', 'do you ship to {country}?', 'how do I return the {product}?', 'is the {product} waterproof?'] },
  },
];
