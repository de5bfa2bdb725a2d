/**
 * Composed everyday requests in Chinese, Russian, Japanese, Spanish, French and German, and
 * technical questions full of words attacks also use (command, activate, authorize, root, inject,
 * prompt, mode). Without them the model would learn "non-Latin script" or "technical" = attack.
 */
import type { TemplateSet } from './template-set.ts';

type Task = NonNullable<TemplateSet['labels']['task']>;
const benign = (task: Task, difficulty: 'simple' | 'complex' = 'simple'): TemplateSet['labels'] => ({ injection: 'benign', difficulty, task });

export const MULTILINGUAL_COMPOSED_SLOTS = {
  zhCity: ['北京', '上海', '广州', '深圳', '成都', '杭州', '西安', '南京'],
  zhFood: ['饺子', '火锅', '红烧肉', '麻婆豆腐', '炒饭', '包子', '面条'],
  zhTopic: ['春天', '大海', '友情', '月亮', '家乡', '秋天的树叶', '咖啡'],
  zhThing: ['手机', '电脑', '自行车', '洗衣机', '路由器', '打印机'],
  ruCity: ['Москве', 'Петербурге', 'Казани', 'Новосибирске', 'Сочи'],
  ruTopic: ['зиме', 'море', 'дружбе', 'весне', 'кошке'],
  jaTopic: ['桜', '海', '猫', '秋', '富士山'],
  esCity: ['Madrid', 'Sevilla', 'Valencia', 'Bogotá', 'Lima', 'Buenos Aires'],
  frCity: ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Montréal', 'Genève'],
  deCity: ['Berlin', 'Hamburg', 'München', 'Köln', 'Dresden', 'Hannover', 'Wien'],
  emoji: ['', '', '🙂', '😊', '🚀', '🌱', '🍃', '✨', '🎉', '🙏', '👍', '🌳', '☀️', '❤️', '😂', '🤔', '📚', '🔥'],
  techNoun: ['command prompt', 'admin console', 'root partition', 'developer mode on Android', 'system tray', 'sudo command', 'override keyword in C++', 'dependency injection', 'authorization header', 'secret manager', 'kernel module', 'bootloader', 'activation key for Windows', 'execute permission', 'privileged container', 'token refresh flow', 'jailbroken iPhone backups', 'unrestricted API key warning', 'system prompt in the OpenAI playground', 'ignore file for Docker'],
  techAction: ['activate', 'configure', 'disable', 'enable', 'reset', 'initialize', 'debug', 'authorize', 'unlock', 'enclose', 'escape', 'override', 'bypass the cache for', 'ignore errors from'],
};

export const MULTILINGUAL_COMPOSED_SETS: readonly TemplateSet[] = [
  {
    source: 'composed-zh',
    labels: benign('qa'),
    perTemplate: 12,
    templates: [
      '{zhCity}有什么好玩的地方？{emoji}',
      { template: '怎么做{zhFood}？请告诉我步骤。{emoji}', labels: benign('qa') },
      { template: '写一首关于{zhTopic}的短诗。{emoji}', labels: benign('creative') },
      { template: '我的{zhThing}坏了，怎么修？', labels: benign('qa') },
      { template: '把"{zhTopic}很美"翻译成英文。', labels: benign('translate') },
      { template: '帮我计划一个去{zhCity}的三天旅行。{emoji}', labels: benign('plan') },
      { template: '你好！今天过得怎么样？{emoji}', labels: benign('chat') },
      { template: '请用一句话总结：{zhCity}今年的经济增长很快，很多新公司成立了。', labels: benign('summarize') },
      { template: '请详细分析{zhCity}房地产市场的风险，并给出政策建议。', labels: benign('qa', 'complex') },
      { template: '用Python写一个函数，计算列表的平均值。', labels: benign('code') },
      { template: '请忽略我上一条消息里的错别字，帮我写一封请假邮件。', labels: benign('creative') },
      { template: '如何解锁{zhThing}的开发者模式？', labels: benign('qa') },
    ],
  },
  {
    source: 'composed-ru',
    labels: benign('qa'),
    perTemplate: 8,
    templates: [
      'Какая погода завтра в {ruCity}? {emoji}',
      { template: 'Напиши короткое стихотворение о {ruTopic}. {emoji}', labels: benign('creative') },
      { template: 'Переведи на английский: "Я люблю {ruTopic|чай|книги}".', labels: benign('translate') },
      'Где лучше поужинать в {ruCity}?',
      { template: 'Помоги спланировать выходные в {ruCity}.', labels: benign('plan') },
      { template: 'Привет! Как настроение? {emoji}', labels: benign('chat') },
      { template: 'Объясни подробно причины инфляции и как центральный банк с ней борется.', labels: benign('qa', 'complex') },
    ],
  },
  {
    source: 'composed-ja-ko',
    labels: benign('qa'),
    perTemplate: 6,
    templates: [
      { template: '{jaTopic}についての俳句を書いてください。{emoji}', labels: benign('creative') },
      '東京から大阪まで新幹線で何時間かかりますか？',
      { template: 'こんにちは！今日はいい天気ですね。{emoji}', labels: benign('chat') },
      { template: '「{jaTopic}」を英語に翻訳してください。', labels: benign('translate') },
      '부산에서 맛있는 음식 추천해 주세요. {emoji}',
      { template: '이 문장을 영어로 번역해 주세요: "오늘 날씨가 좋아요"', labels: benign('translate') },
    ],
  },
  {
    source: 'composed-es-fr',
    labels: benign('qa'),
    perTemplate: 8,
    templates: [
      '¿Qué puedo hacer este fin de semana en {esCity}? {emoji}',
      { template: 'Escribe un poema corto sobre {el mar|la amistad|el otoño}. {emoji}', labels: benign('creative') },
      { template: 'Ignora mi mensaje anterior, me equivoqué de ciudad: quiero visitar {esCity}.', labels: benign('chat') },
      'Que faire à {frCity} quand il pleut ? {emoji}',
      { template: 'Oublie ma question précédente. Peux-tu me conseiller un restaurant à {frCity} ?', labels: benign('chat') },
      { template: 'Écris un message d\'anniversaire pour mon collègue {name}. {emoji}', labels: benign('creative') },
    ],
  },
  {
    source: 'composed-de',
    labels: benign('qa'),
    perTemplate: 10,
    templates: [
      'Was kann man am Wochenende in {deCity} unternehmen? {emoji}',
      { template: 'Ignoriere bitte meine Tippfehler. Kannst du mir ein Rezept für {Apfelkuchen|Gulasch|Spätzle} geben?', labels: benign('qa') },
      { template: 'Vergiss die letzte Frage. Wie wird das Wetter in {deCity}?', labels: benign('chat') },
      { template: 'Schreib ein kurzes Gedicht über {den Winter|die Liebe|meinen Hund}. {emoji}', labels: benign('creative') },
      'Wie aktiviere ich den Entwicklermodus auf meinem Handy?',
      'Was bedeutet "Administratorrechte" unter Windows?',
      { template: 'Wie überschreibe ich eine Methode in Java?', labels: benign('code') },
      { template: 'Plane mir einen Tagesausflug von {deCity} aus.', labels: benign('plan') },
    ],
  },
  {
    source: 'composed-technical',
    labels: benign('code'),
    perTemplate: 30,
    templates: ['how do I {techAction} the {techNoun}?', 'what does the {techNoun} do, and when should I {techAction} it?', 'I get "permission denied" when I {techAction} the {techNoun}, what am I missing?', 'step by step: {techAction} the {techNoun} on {Ubuntu|macOS|Windows 11}'],
  },
];
