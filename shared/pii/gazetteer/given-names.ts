/**
 * Given names, curated by hand for this project from common names across many languages (no
 * external list copied). Lower-case, accents kept; lookups fold accents too. Names that are also
 * everyday words or places ("Will", "May", "Paris") live in WEAK_GIVEN_NAMES and need more evidence.
 */

import { foldAccents } from '../text.ts';
import { CENSUS_GIVEN_NAMES, CENSUS_WEAK_GIVEN_NAMES } from './census-names.ts';
import { lazyWordSet, listWords, type WordSet } from './lazy-set.ts';
import { PLACE_NAMES } from './words.ts';

const GIVEN = `
aaron abby abdul abdullah abel abigail abraham ada adam adele adrian adriana agnes ahmad ahmed aidan aiden aisha alan alba albert alberto alejandra alejandro
aleksandr alessandra alessandro alex alexa alexander alexandra alexandre alexei alexis alfie alfonso alfred alfredo ali alice alicia alina alison allison alma
alvaro amanda amelia amir amit amy ana anastasia anders andrea andreas andrei andres andrew andrzej andy anette angel angela angelica angelo anil anita anja
ann anna annabel anne annette annie anthony anton antoine antonia antonio anya arjun arnaud arne arthur arturo asha ashley astrid audrey aurelie ava axel ayesha
barbara bart beatrice beatriz becky ben benedikt benjamin benoit bernard bernardo bernd bethany betty beverly bianca bjorn blake bob bobby boris brad bradley
brandon brenda brian brigitte britta brittany bruce bruno bryan caitlin caleb camila camille candice carl carla carlo carlos carmen carol caroline carolyn
carsten casey cassandra catalina catherine cathy cecilia cedric celine cesar charles charlie charlotte cheryl chiara chloe chris christa christian christina
christine christoph christopher cindy claire clara clarence claude claudia clement colin connor conor constance corinne craig cristina cynthia dale damian
damien dan dana daniel daniela danielle daniele danny dario darius darren dave david davide dean debbie deborah debra deepak denis denise dennis derek diana
diane diego dieter dimitri dinesh dmitri dmitry dominic dominik dominique donald donna doris dorothy douglas duncan dylan eduardo edward edwin eileen elaine
elena eleanor eli elias elif elijah elisa elisabeth elise eliza elizabeth ella ellen elliot ellie eloise elsa emanuel emil emile emilia emilie emily emma
emmanuel enrique enzo eric erica erik erika ernest ernesto esther ethan eugene eva evan evelyn fabian fabio fabrice farah fatima federico felipe felix fernando
filip filippo finn fiona florian francesca francesco francis francisco franck francois franz freddie frederick frederik frida friedrich gabriel gabriela
gabriele gabrielle gareth gary gaurav gavin geoffrey george georg gerald gerard gerhard gianluca gilbert gillian gina giorgio giovanni giulia giuseppe gloria
gordon graham greg gregory greta guillaume gunter gustavo hailey hamza hana hannah hans harald harold harriet harry harvey hassan heather heidi heinz helen
helena helga henri henrik henry herbert hiroshi hugo hussein ian ibrahim ida ignacio igor ilse imran ines ingrid irene irina isaac isabel isabella isabelle
ismael ivan jacob jacqueline jakob james jamie jana jane janet janice janine jasmine jason javier jayden jeffrey jennifer jenny jens jeremy jerome jerry
jesse jessica jesus jill jim jimmy joan joanna joao joaquin jocelyn joe joel johan johann johanna johannes john johnny jonas jonathan jordi jorge jose josef
joseph josephine joshua josh juan judith judy jules julia julian juliana julie julien juliette julio jurgen justin kai kaitlyn kamal karen karim karin karl
karla kasper katarina katarzyna kate katharina katherine kathleen kathryn katie katrin kayla keith kelly ken kenji kenneth kerstin kevin kim kimberly klaus
krishna kristen kristina krzysztof kyle lara larry lars laura lauren laurence laurent leah lena leo leon leonard leonardo leonie lars liam lina linda lindsay
lisa lise lorenzo louis louise luca lucas lucia luciana lucie lucy luis luisa lukas luke lydia madeleine madison magdalena magnus mahmoud manon manuel manuela
marc marcel marcin marco marcos marcus margaret margarita margot maria mariana marianne marie marina mario marion marisa marius marjorie marko markus marta
martha martin martina marvin mary maryam mateo mathias mathieu matilda matteo matthew matthias maurice maxime maximilian megan mehmet melanie melissa
mia michael michaela michel michele michelle miguel mikael mikhail milan milena miriam mohamed mohammad mohammed monica monika morgan moritz muhammad nadia
nadine naomi natalia natalie natasha nathan nathalie neil nicholas nick nicola nicolas nicole niklas nikolai nikolaj nils nina noah noemi nora norbert oliver
olivia olga omar oscar otto owen pablo paola paolo pascal patricia patrick paul paula paulina pavel pedro peter petra philip philipp philippe pierre pieter
pietro pooja priya rachel rafael rahul raj rajesh ralf ramon randy raphael raquel raul rebecca regina reinhard renata rene ricardo riccardo richard rick
rita robert roberta roberto robin rodrigo roger roland rolf roman ronald rosa rosalind ross ruth ryan sabine sabrina sahil salma salvatore sam samantha samir
samuel sandra sandro santiago sara sarah sascha sean sebastian sebastien serena sergei sergey sergio seth shannon sharon sheila shirley silvia simon simona
simone sofia sofie sonia sophia sophie stefan stefanie stefano stephan stephanie stephen steve steven susan susanne suzanne svetlana sven sylvia tamara tanja
tanya tatiana teresa terry thomas thorsten tiago tim timothy tina tobias todd tom tomas tommy toni tony tracy travis ulrich ursula uwe valentina valentin
valerie vanessa vasily vera veronica veronique victor vikram vincent vincenzo viola vivian vladimir walter wendy werner wilhelm william wolfgang xavier
yasmin yolanda youssef yuki yuri yusuf yvonne zachary zoe zoran
akira aiko haruto hina kenta sakura takeshi yuto yui daiki ren riku sota minato naoki satoshi hiroki kaito
wei jun li ming hui xin jie yan ling hao jing qiang fang lei yong bo chao yu
minjun seojun jiwoo jimin seoyeon hyun jihoon soojin younghee dongwook sungmin
thi anh minh huong lan tuan hoa thanh
aarav aditya ananya deepika divya kavya lakshmi neha pranav rohan sanjay shreya sunil suresh vijay vivek
olumide chinedu ngozi amara kwame kofi ama abena oluwaseun temitope chukwuemeka adebayo folake
jose maria joao pedro tiago goncalo ines beatriz rodrigo afonso
sigrid solveig ingeborg kari liv nils olav sindre eirik torbjorn mette pernille rasmus soren mads frederikke
aino eero juha mikko pekka timo tuomas veera elina johanna kirsi
wojciech piotr tomasz pawel agnieszka malgorzata ewa zofia jakub mateusz
dmitrii yekaterina ekaterina oleg natalya lyudmila tatyana galina alexey andrey
mehmet mustafa ahmet emre elif zeynep ayse fatma can burak
omar layla noor yousef khalid rania samira tariq zainab hamid reza parisa farhad
zsofia zsuzsanna erzsebet katalin eszter reka anna aniko agnes judit ildiko krisztina timea orsolya boglarka dora fanni lilla petra virag
laszlo istvan jozsef janos zoltan sandor gabor ferenc attila peter tibor tamas csaba gyorgy andras imre balazs levente bence mate zsolt
jiri jaroslav miroslav vaclav zdenek josef stanislav ladislav radek lukas ondrej vojtech marek milan karel
jana hana lenka veronika lucie eliska tereza barbora zuzana ivana marketa alena jitka
stanislaw tadeusz zbigniew jerzy wladyslaw mieczyslaw kazimierz grzegorz lukasz dariusz slawomir bartosz kacper szymon
krystyna danuta grazyna bozena halina jadwiga elzbieta dorota joanna iwona beata justyna karolina aleksandra natalia
matjaz janez bostjan primoz ales rok ziga gasper nejc urska spela maja mojca nina tina petra
ivica damir goran zeljko dragan zoran nenad milos nikola stefan luka dusan branko slobodan
ana jelena ivana marija mirjana snezana dragana vesna tanja maja milica jovana
ion gheorghe vasile constantin mihai andrei stefan cristian florin adrian ionut bogdan ioana elena mihaela andreea cristina alina
georgi dimitar ivan nikolay hristo stoyan petar todor yordanka desislava mariya tsvetelina
giorgos dimitris nikos kostas yannis panagiotis christos vasilis eleni katerina sofia georgia dimitra vasiliki
gudrun sigrun helga kristin bjork bjarni gunnar olafur sigurdur jon einar kristjan
juhani matti antti jukka kari markku petri sami jari heikki mikael tiina paivi satu minna sari anne pirjo outi
tiit toomas jaan mart andres kadri kristiina liis triin
janis andris juris inese ilze liga ieva baiba
jonas tomas mindaugas darius ruta egle jurate
joost sander bram daan jeroen maarten niels ruud thijs wouter anouk femke lotte marloes sanne saskia
soren jesper henrik mikkel anders jens lars morten kirsten lone hanne mette trine dorte
haakon oyvind bjorn trond geir ola per kjell ingrid astrid marit randi berit
lars erik anders mats goran ulf bengt magnus karin birgitta margareta ulla kerstin annika
thiago gabriela fernanda juliana leticia mariana rafaela larissa bruna vinicius gustavo leonardo matheus guilherme felipe
hiroko keiko yoko tomoko naoko akiko mayumi yumi aya haruka yuka emi kazuo takashi hideo masao shigeru makoto hiroyuki
xiaoming xiaohong zhiwei jianguo guoqiang yanling meiling lihua jiahui zihan yuxuan haoran
jiwon seoyeon minseo eunji sujin yeji hyejin jaehyun sungho minho junho
ahmet hakan murat selin esra merve ozlem gulsen hatice emine
fatemeh zahra maryam mohsen hossein ali-reza shirin leila
yitzhak moshe avraham yosef david noa tamar yael shira michal
ravi anand arun ashok mahesh ramesh ganesh prakash lakshman priyanka sunita anjali kavita meera nisha rekha swati
chidi emeka ifeanyi ngozi chioma adaeze funmilayo babajide kayode segun tunde yetunde bukola
abbie ada addison adeline agatha aileen ainsley alana alexandria alessia alexia alicja alisha allie alyssa amalia amara amber-lee anabel anastasiya andie angelina
angie annalise annemarie antonella april-mae arabella aria ariel arielle aurora autumn-rose avery bailey beatrix belinda bella bernadette beth bettina blanca
bonnie brianna bridget brooklyn cadence callie cara carina carly carmela carolina cassidy catarina cecile celeste celia chanel charlene chelsea cheyenne
christiane ciara clarissa claudette colette cora cordelia courtney dagmar daphne darlene davina delia delphine demi desiree dina dominika dorothea edith
edna elaine eleonora elif elisabetta ella-mae ellie-mae elodie elvira emilia-rose emmeline enid erin esme estelle esperanza eunice evangeline fabienne
felicity fernande flora francine freya gemma genevieve georgette geraldine gertrude giada gisela giselle gwen gwendolyn hadley harlow hazel heloise henrietta
hilda hollie imogen ingeborg isadora isla ivana jacinta jade-marie janelle jeanette jeanne jenna jessie jillian joanne jolene josie joyce juanita julieta
kaja kamila kassandra katja katrina kelsey kendra kiara kira kirsty lacey laila lana larissa laurie layla leila lena-marie leticia lia lilian liliana lois
lorena loretta lorraine luana lucille luz mabel maddie mae maeve magali maira malin mara margaux mariam maribel marie-claire marilyn marla marlene matilde
maxine melina melinda mercedes meredith micaela mila mildred mina mireille moira mona muriel myra nadia nadja nancy naomi-rose nell nellie nerea nicola
nikita noelle nuria octavia odette olive ophelia paige pamela paloma patience paulette penelope perla phoebe phyllis pilar priscilla rachael ramona renee
rhiannon rhonda rocio romy rosalie rosemary roxanne sabina sadie salome samara savannah selena serafina sheila sienna silke sinead sol sonja stella sybil
tabitha talia tamsin tatjana thea theresa tilda tova trudy ulrike una valeria vera-lynn verena vicky vilma vivienne wanda wilhelmina winifred xenia yara yolande
zara zelda zoey
abdel abdulrahman adnan adolfo agustin aldo alessio alexandru alfie alistair alonso amadeus ambrose amos anatoly andre angus anselm archibald archie aristide
armando arnold arturo august-wilhelm augustin aurelio austin-james axel barnaby basil benedict benicio bernhard bertrand blaise boris-ivan bruno-luis caio
callum calvin camilo casimir cedric-paul cesare chester christophe cillian clemens conrad cornelius cosimo cyril cyrus dalton damon dante darnell declan
desmond dexter diederik dirk domenico donovan dorian duarte eamon edgar edmund eduard efrain egon eldon elias-john elliott elmer emil-john emiliano emmett
ennio ephraim erasmus ernst esteban ethan-james eugen evander ezequiel ezra fabrizio faisal federico-jose ferdinand fergus fidel finlay fintan florent
florentino franco frederic fritz gael gaspard gavino gennaro gerardo gervais gideon gil gino giacomo gianni gilberto giuliano godfrey gonzalo gregor
guido gunnar-olav gustaf gustav hamish hannes harald-erik hector heinrich herman hernan hilario horace horatio hubert humberto ignatius ingo isaiah ismail
jacques jaime jakub-jan jarrod jasper javi jens-peter jeremiah jethro joachim joaquim johan-erik jonah jordan-lee josiah jovan julius kacper-jan kaspar
kasimir keanu kelvin kieran killian klaus-dieter konrad kristoffer kurt laurids leander leif-erik lennart leopold lionel lisandro lorcan lothar lucian
luciano ludovic ludwig lyle malcolm manfred marcelo marcello mariano marko-ivan marlon marten mathis maurizio maximo melvin merlin micah mikko-pekka milo
mitchell moises monty mortimer murray nando napoleon nathaniel nelson nestor nico nigel noel norman octavio odin olav oleksandr olivier orlando osvaldo
otis ottavio pascual patricio percy perry philippe-andre piers placido quentin quinn rafal raimund rainer ramiro randall raoul reinaldo remy reuben rex
rhys ricardo-jose roald rocco rodolfo rolando romeo ronan rory rosario ruben rudolf rupert russell salvador santino saul sebastiano seamus sergio-luis
severin sidney silas silvio sinclair solomon stanley stellan sylvain tadeo teodoro terence thaddeus theo theodor thierry tobiah torsten tristan ugo
ulises umberto urban valentino vaughn vicente viktor vito wagner waldemar wallace warren wendell wilbur wilfred willem winston wyatt xander yannick yves
zachariah zeke zeno
`;

/** Given names that are also common words, months or places: a name only with more evidence. */
const WEAK = `
will may june april august grace hope faith joy mark bill rose lily summer autumn dawn eve art frank guy jack ray rich sunny violet ruby pearl jade amber
crystal daisy iris holly ivy florence paris sydney victoria georgia virginia carolina austin jordan chase hunter mason carter cooper taylor parker page
miles pat don gene earl glen harmony honey justice lane royal sterling sky river storm rocky buck dusty penny candy destiny heaven brook brooke cliff dell
forest king major marshall ward worth young chance christian an sue per ion mate mart max jan
`;

function toSet(list: string): Set<string> {
  const words = list.split(/\s+/).filter(Boolean);
  return new Set([...words, ...words.map(foldAccents)]);
}

const handWritten = toSet(GIVEN);
const handWrittenWeak = toSet(WEAK);

/**
 * Hand-written names, then the census names. A name this file calls weak stays weak, and a census
 * name that is also a country or state (`France`, `Georgia`) counts only where this file lists it.
 */
export const GIVEN_NAMES: WordSet = lazyWordSet(() => {
  const names = new Set(handWritten);
  for (const name of listWords(CENSUS_GIVEN_NAMES)) if (!handWrittenWeak.has(name) && !PLACE_NAMES.has(name)) names.add(name);
  return names;
});
export const WEAK_GIVEN_NAMES: WordSet = lazyWordSet(() => {
  const names = new Set(handWrittenWeak);
  for (const name of listWords(CENSUS_WEAK_GIVEN_NAMES)) if (!handWritten.has(name) && !PLACE_NAMES.has(name)) names.add(name);
  return names;
});
