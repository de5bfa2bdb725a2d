/**
 * Everyday questions and requests in several languages, one template each (so held-out dev
 * examples are new sentences), with the task and difficulty they imply.
 */
import type { TemplateSet } from './template-set.ts';

type Task = NonNullable<TemplateSet['labels']['task']>;
type Entry = readonly [text: string, task: Task, difficulty?: 'simple' | 'complex'];

const GERMAN: readonly Entry[] = [
  ['Wie viele Bundesländer hat Deutschland?', 'qa'], ['Was kostet ein Deutschlandticket im Monat?', 'qa'], ['Wann ist der nächste Feiertag in Bayern?', 'qa'],
  ['Welche Rolle spielt die Bundesregierung bei der Energiewende?', 'qa'], ['Wie hoch ist die Arbeitslosigkeit in Deutschland derzeit?', 'qa'],
  ['Was sind die Ursachen für die steigenden Mieten in Großstädten?', 'qa', 'complex'], ['Wie funktioniert die Mülltrennung in {stadt}?', 'qa'],
  ['Welche Sehenswürdigkeiten gibt es in {stadt}?', 'qa'], ['Wie kann ich meinen Personalausweis verlängern?', 'qa'], ['Was ist der Unterschied zwischen Brutto und Netto?', 'qa'],
  ['Schreib mir bitte ein kurzes Gedicht über den Herbst.', 'creative'], ['Gib mir ein einfaches Rezept für Kartoffelsuppe.', 'qa'],
  ['Kannst du mir helfen, eine Bewerbung als {Erzieherin|Bürokaufmann|Pflegekraft} zu schreiben?', 'creative'], ['Übersetze "Guten Appetit" ins Englische.', 'translate'],
  ['Erkläre mir den Satz des Pythagoras.', 'math'], ['Was ist 15 Prozent von 240?', 'math'], ['Wie rechne ich Kilometer in Meilen um?', 'math'],
  ['Fasse die wichtigsten Punkte des Koalitionsvertrags zusammen.', 'summarize', 'complex'], ['Plane einen Wochenendausflug an die Ostsee für eine Familie.', 'plan'],
  ['Wie schreibe ich eine Kündigung für meinen Handyvertrag?', 'creative'], ['Was ist der Klimawandel und warum ist er gefährlich?', 'qa'],
  ['Wie entwickelt sich die Wirtschaft in Europa im nächsten Jahr? Bitte mit Begründung.', 'qa', 'complex'], ['Warum streiken die Lokführer?', 'qa'],
  ['Ist Homeoffice gut für die Produktivität?', 'qa'], ['Wie viel Wasser sollte man am Tag trinken?', 'qa'], ['Kannst du diese E-Mail freundlicher formulieren: "Ich brauche die Unterlagen bis morgen."', 'rewrite'],
  ['Schreibe eine Python-Funktion, die prüft, ob ein Wort ein Palindrom ist.', 'code'], ['Ist diese Rezension positiv oder negativ: "Lieferung kam zu spät, Ware beschädigt."', 'classify'],
  ['Extrahiere alle Datumsangaben aus diesem Text: Termin am 3. Mai und am 14. Juni.', 'extract'], ['Vergiss nicht, mich an den Zahnarzttermin zu erinnern. Wie stelle ich eine Erinnerung ein?', 'qa'],
  ['Ich habe die Anleitung verloren, wie baue ich das Regal auf?', 'qa'], ['Was passiert, wenn man eine rote Ampel ignoriert?', 'qa'],
  ['Guten Morgen! Was kann ich heute Schönes in {stadt} unternehmen?', 'chat'], ['Danke für deine Hilfe gestern!', 'chat'], ['Erzähl mir einen Witz.', 'chat'],
  ['Analysiere die Stärken und Schwächen des deutschen Föderalismus in der Bildungspolitik.', 'qa', 'complex'],
  ['Entwickle eine Marketingstrategie für ein kleines Café in {stadt} mit Budget und Zeitplan.', 'plan', 'complex'],
];

const OTHER: readonly Entry[] = [
  ['Quels sont les horaires du Louvre le dimanche ?', 'qa'], ['Peux-tu me donner une recette de crêpes ?', 'qa'], ['Écris un petit poème sur la mer.', 'creative'],
  ['Traduis "bonne chance" en allemand.', 'translate'], ['Combien font 12 fois 15 ?', 'math'], ['Résume cet article en deux phrases : {prose}', 'summarize'],
  ['Explique les causes de l\'inflation en Europe et les réponses possibles de la BCE.', 'qa', 'complex'], ['Merci beaucoup, c\'est parfait !', 'chat'],
  ['¿Qué puedo visitar en Sevilla en un día?', 'plan'], ['¿Cuántos habitantes tiene México?', 'qa'], ['Escribe un mensaje de cumpleaños para mi hermana.', 'creative'],
  ['Traduce "buenas noches" al inglés.', 'translate'], ['¿Cuánto es el 20 por ciento de 150?', 'math'], ['¿Esta reseña es positiva o negativa? "Excelente servicio."', 'classify'],
  ['Analiza las consecuencias económicas del turismo masivo en Barcelona.', 'qa', 'complex'], ['¡Hola! ¿Qué tal estás?', 'chat'],
  ['Quanto costa un biglietto del treno da Roma a Milano?', 'qa'], ['Scrivi una breve poesia sull\'estate.', 'creative'], ['Ciao, come stai?', 'chat'],
  ['Qual é a melhor época para visitar Lisboa?', 'qa'], ['Escreva uma mensagem de agradecimento para o meu chefe.', 'creative'],
  ['Wat is de hoofdstad van België?', 'qa'], ['Kun je dit vertalen naar het Engels: "Ik heb honger"?', 'translate'],
  ['Jaka jest stolica Kanady?', 'qa'], ['Dzień dobry! Jak się masz?', 'chat'], ['Türkiye\'nin başkenti neresidir?', 'qa'],
  ['Как приготовить борщ?', 'qa'], ['Сколько будет 25 умножить на 4?', 'math'], ['Переведи "спасибо" на английский.', 'translate'], ['Напиши короткое стихотворение о зиме.', 'creative'],
  ['Объясни, как работает инфляция.', 'qa'], ['Какая погода в Москве сегодня?', 'qa'], ['Спасибо за помощь!', 'chat'],
  ['今天天气怎么样？', 'qa'], ['请写一首关于春天的短诗。', 'creative'], ['一公里等于多少英里？', 'math'], ['帮我总结这段话：{prose}', 'summarize'],
  ['请解释一下量子计算的基本原理和它面临的主要挑战。', 'qa', 'complex'], ['谢谢你的帮助！', 'chat'],
  ['東京でおすすめのラーメン屋はどこですか？', 'qa'], ['この文章を英語に翻訳してください：「ありがとうございます」', 'translate'], ['秋についての短い詩を書いてください。', 'creative'],
  ['서울에서 가볼 만한 곳을 추천해 주세요.', 'plan'], ['감사합니다!', 'chat'],
];

function toTemplates(entries: readonly Entry[]): TemplateSet['templates'] {
  return entries.map(([text, task, difficulty = 'simple']) => ({ template: text, labels: { injection: 'benign', difficulty, task } }));
}

export const EVERYDAY_MULTILINGUAL_SETS: readonly TemplateSet[] = [
  { source: 'everyday-de', labels: { injection: 'benign' }, perTemplate: 3, templates: toTemplates(GERMAN), slots: { stadt: ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Bremen', 'Stuttgart'] } },
  { source: 'everyday-other-languages', labels: { injection: 'benign' }, perTemplate: 2, templates: toTemplates(OTHER) },
];
