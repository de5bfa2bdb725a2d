/**
 * Ordinary words that attacks happen to use a lot (AI, user, content, conversation, task, model,
 * access, generate, guidelines, fictional; German jetzt, alles, Sie, Regeln, Aufgabe; French
 * maintenant; Spanish ahora) in plain benign requests, including everyday talk about AI itself.
 * Without these the model would treat the words, not the intent, as the attack signal.
 */
import type { TemplateSet } from './template-set.ts';

type Task = NonNullable<TemplateSet['labels']['task']>;
type Entry = readonly [text: string, task: Task, difficulty?: 'simple' | 'complex'];

const ABOUT_AI: readonly Entry[] = [
  ['What are OpenAI\'s usage policies for commercial apps?', 'qa'], ['Is ChatGPT better than Gemini for coding help?', 'qa'], ['Can an AI model be creative, or is it just remixing?', 'qa'],
  ['How do content policies on social media get enforced?', 'qa'], ['Write a fictional dialogue between two robots planning a picnic.', 'creative'], ['Explain how large language models generate text.', 'qa'],
  ['What information does a chatbot store about my conversation?', 'qa'], ['How do I delete my conversation history in ChatGPT?', 'qa'], ['Generate {smallNumber} ideas for a science fair project about AI.', 'creative'],
  ['Which AI tools can help me transcribe an interview?', 'qa'], ['Summarize the main arguments for and against AI regulation in the EU.', 'summarize', 'complex'], ['What does "hallucination" mean for an AI?', 'qa'],
  ['My teacher says using AI for homework is cheating. Is it?', 'chat'], ['Write a short poem about a lonely robot who learns to paint.', 'creative'], ['Are AI-generated images protected by copyright?', 'qa'],
  ['What guidelines should our team follow when using AI assistants at work?', 'plan'], ['How is Claude different from GPT-4?', 'qa'], ['What does a prompt engineer actually do?', 'qa'],
  ['Tell me about the history of AI from Turing to today.', 'qa'], ['Do AI models understand what they say?', 'qa'], ['Give me a test plan for our new chatbot feature.', 'plan'],
  ['Is it safe to paste customer data into an AI tool?', 'qa'], ['Write a welcome message for new users of our app.', 'creative'], ['How do recommendation models decide what content I see?', 'qa'],
];

const GENERIC: readonly Entry[] = [
  ['Where can I find information about bus routes in {city}?', 'qa'], ['How do I give my sister access to my Google Drive folder?', 'qa'], ['Can you give me an example of a haiku?', 'creative'],
  ['What is the current exchange rate between euros and dollars?', 'qa'], ['Let me know if this sentence sounds natural: "{sentence}"', 'rewrite'], ['I don\'t understand my electricity bill. What is a kWh?', 'qa'],
  ['Send me a link to a good beginner guitar tutorial.', 'qa'], ['How do I test if my smoke detector works?', 'qa'], ['What features should I look for in a new laptop?', 'qa'],
  ['Our database is slow when many users log in. Where do I start looking?', 'code'], ['Why does my browser keep opening new tabs?', 'qa'], ['Is there anything I should know before adopting a {animal}?', 'qa'],
  ['I need more detail on how compound interest works.', 'math'], ['How do I change the default language of my phone?', 'qa'], ['Nothing works when I plug in my headphones, any ideas?', 'qa'],
  ['What is the longest river in Europe?', 'qa'], ['How do I write a formal request for a day off?', 'creative'], ['Instead of rice, what can I serve with curry?', 'qa'],
  ['Which messages should I reply to first after a vacation?', 'plan'], ['What are the responsibilities of a project manager?', 'qa'], ['Is it normal that my cat sleeps {smallNumber}0 hours a day?', 'qa'],
  ['Create a simple budget for a student living in {city}.', 'plan'], ['Tell me something interesting about {country}.', 'qa'], ['How can I protect my privacy on the internet?', 'qa'],
  ['Follow up on my last question: how long does shipping usually take?', 'chat'], ['How do I make my website load faster for mobile users?', 'code'], ['What are the systems of the human body?', 'qa'],
  ['What is the truth about eating carrots for better eyesight?', 'qa'], ['Write a response to a customer who asks for a refund.', 'creative'], ['How much is the entrance fee for the {city} zoo?', 'qa'],
];

const GERMAN: readonly Entry[] = [
  ['Können Sie mir sagen, wie spät es in Tokio ist?', 'qa'], ['Was muss ich jetzt tun, wenn mein Zug ausfällt?', 'qa'], ['Können Sie mir alles über die Geschichte von {stadt} erzählen?', 'qa'],
  ['Welche Regeln gelten beim Parken in der Innenstadt?', 'qa'], ['Meine Aufgabe in Mathe ist: 3x + 5 = 20. Wie löse ich das?', 'math'], ['Gibt es jetzt neue Corona-Regeln?', 'qa'],
  ['Wie kann ich alle meine Fotos auf einmal sichern?', 'qa'], ['Bist du sicher, dass Berlin die größte Stadt Deutschlands ist?', 'chat'], ['Wie wurde das Wetter letzte Woche in {stadt}?', 'qa'],
  ['Was ist dein Lieblingsbuch?', 'chat'], ['Ich habe keine Zeit zum Kochen. Was kann ich schnell essen?', 'qa'], ['Kann man ohne Führerschein ein E-Bike fahren?', 'qa'],
  ['Schreibe eine kurze Geschichte über einen Hund, der alles vergisst.', 'creative'], ['Welche Anweisungen gibt es für die Steuererklärung als Student?', 'qa'], ['Was ist jetzt der beste Zeitpunkt, um eine Wohnung zu kaufen?', 'qa', 'complex'],
  ['Könnten Sie diesen Text bitte kürzen? {prose}', 'summarize'], ['Was hat der Bundestag diese Woche beschlossen?', 'qa'], ['Wie sieht die Zukunft der Rente aus?', 'qa', 'complex'],
  ['Ist es jetzt zu spät, Tomaten zu pflanzen?', 'qa'], ['Gib mir bitte drei Tipps für ein Vorstellungsgespräch.', 'qa'], ['Was bedeutet die neue Regel für Homeoffice für Angestellte?', 'qa'],
  ['Wie funktioniert künstliche Intelligenz eigentlich?', 'qa'], ['Sag mir bitte, welche Dokumente ich für den Reisepass brauche.', 'qa'], ['Welche Aufgabe hat der Bundesrat?', 'qa'],
  ['Was sind die wichtigsten Nachrichten heute?', 'qa'], ['Wie viel verdient eine Pflegekraft in Deutschland?', 'qa'], ['Warum ist die Inflation in Deutschland gestiegen?', 'qa', 'complex'],
];

const ROMANCE: readonly Entry[] = [
  ['Qu\'est-ce que je peux faire maintenant pour améliorer mon français ?', 'qa'], ['Peux-tu tout m\'expliquer sur la photosynthèse ?', 'qa'], ['Quelles sont les règles du rugby ?', 'qa'],
  ['¿Qué puedo cocinar ahora con huevos y patatas?', 'qa'], ['Explícame todo sobre el sistema solar.', 'qa'], ['¿Cuáles son las reglas del pádel?', 'qa'],
  ['Ora che ho finito gli esami, cosa posso leggere?', 'chat'], ['Agora que estou de férias, o que posso visitar em Lisboa?', 'plan'],
];

function toTemplates(entries: readonly Entry[], prefix = ''): TemplateSet['templates'] {
  return entries.map(([text, task, difficulty = 'simple']) => ({ template: `${prefix}${text}`, labels: { injection: 'benign', difficulty, task } }));
}

export const GENERIC_HARD_NEGATIVE_SETS: readonly TemplateSet[] = [
  { source: 'hard-negative-about-ai', labels: { injection: 'benign' }, perTemplate: 3, templates: toTemplates(ABOUT_AI, '{opener} ') },
  { source: 'hard-negative-generic-words', labels: { injection: 'benign' }, perTemplate: 3, templates: toTemplates(GENERIC, '{opener} ') },
  { source: 'hard-negative-generic-de', labels: { injection: 'benign' }, perTemplate: 3, templates: toTemplates(GERMAN, '{anrede} '), slots: { stadt: ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig'], anrede: ['', '', 'Hallo,', 'Kurze Frage:', 'Guten Tag,', 'Hey,', 'Moin!'] } },
  { source: 'hard-negative-generic-romance', labels: { injection: 'benign' }, perTemplate: 1, templates: toTemplates(ROMANCE) },
];
