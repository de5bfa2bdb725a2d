/**
 * Family names, curated by hand for this project from common surnames across many languages (no
 * external list copied). Lower-case; lookups fold accents. Surnames that are everyday words
 * ("Park", "Green", "Young") are still listed: a surname only counts next to another name word.
 */
import { foldAccents } from '../text.ts';
import { CENSUS_SURNAMES } from './census-names.ts';
import { lazyWordSet, listWords, type WordSet } from './lazy-set.ts';
import { PLACE_NAMES } from './words.ts';

const SURNAMES = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee
perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker
hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes
price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher
vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman
burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone
salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold
pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry
perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero george chapman rios estrada ortega watkins greene nunez
wheeler valdez harper burke larson santiago maldonado morrison franklin carlson austin dominguez carr lawson jacobs obrien o'brien lynch singh vega bishop
montgomery oliver jensen harvey williamson gilbert dean sims espinoza howell li wong reid hanson le mccoy garrett burton fuller wang weber welch rojas lucas
marquez fields park yang little banks padilla day walsh bowman schultz luna fowler mejia davidson acosta brewer may holland juarez newman pearson curtis
cortez douglas schneider joseph barrett navarro figueroa keller avila wade molina stanley hopkins campos barnett bates chambers caldwell beck lambert miranda
byrd craig ayala lowe frazier powers neal leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran walters cohen mcdaniel
moran parks steele vaughn becker holt deleon barker terry hale leon hail benson haynes horton miles lyons pham graves bush thornton wolfe warner cabrera
mckinney mann zimmerman dawson lara fletcher page mccarthy love robles cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon
velasquez hardy higgins aguirre lin cummings chandler sharp barber bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnor o'connor
cardenas pacheco cross calderon quinn moss swanson chan rivas khan rodgers serrano fitzgerald rosales stevenson christensen manning gill curry mclaughlin
harmon mcgee gross doyle garner newton burgess reese walton blake trujillo adkins brady goodman roman webster goodwin fischer huang potter delacruz
montoya todd wu hines mullins castaneda malone cannon tate mack sherman hubbard hodges zhang guerra wolf valencia saunders franco rowe gallagher farmer
hammond hampton townsend ingram wise gallegos clarke barton schroeder maxwell waters logan camacho strickland norman person colon parsons frank harrington
glover osborne buchanan casey floyd patton ibarra ball tyler suarez bowers orozco salas cobb gibbs andrade bauer conner moody escobar mcguire lloyd mueller
hartman french kramer mcbride pope lindsey velazquez norton mccormick sparks flynn yates hogan marsh macias villanueva zamora pratt stokes owen ballard lang
brock villarreal charles drake barrera cain patrick pineda burnett mercado santana shepherd bautista ali shaffer lamb trevino mckenzie hess beil olsen
cochran morton nash wilkins petersen briggs shah roth nicholson holloway lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss
underwood bass greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox melendez poole roberson larsen conley davenport
copeland massey lam huff rocha cameron jefferson hood monroe anthony pittman huynh randall singleton kirk combs mathis christian skinner bradford richard
galvan wall boone kirby wilkinson bridges bruce atkinson velez meza roy vincent york hodge villa abbott allison tapia gates chase sosa sweeney farrell wyatt
dalton horn barron phelps yu dickerson heath foley atkins mathews bonilla acevedo benitez zavala hensley glenn cisneros harrell shields rubio huffman choi
boyer garrison arroyo bond kane hancock callahan dillon cline wiggins grimes arellano melton oneill o'neill savage ho beltran pitts parrish ponce rich booth
koch golden ware brennan mcdowell marks cantu humphrey baxter sawyer clay tanner hutchinson kaur berg wiley gilmore russo villegas hobbs keith wilkerson
ahmed beard mcclain montes mata rosario vang walter henson oneal mosley mcclure beasley stephenson snow huerta preston vance barry johns eaton blackwell
dyer prince macdonald solomon guevara stafford english hurst woodard cortes shannon kemp nolan mccullough merritt murillo moon salgado strong kline cordova
barajas roach rosas winters jacobson lester knox bullock kerr leach meadows orr davila whitehead pruitt kent conway mckee barr david dejesus marin berger
mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall odonnell stein browning stout lowery sloan mclean hendricks calhoun sexton chung
gentry hull duarte ellison nielsen gillespie buck middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston frost glass morse knapp herman
stark bravo noble spears weeks corona frederick buckley mcfarland hebert enriquez hickman quintero randolph schaefer walls trejo house reilly pennington
michael conrad giles benjamin crosby fitzpatrick donovan mays mahoney valentine raymond medrano hahn mcmillan small bentley felix peck lucero boyle hanna
pace rush hurley harding mcconnell bernal nava ayers everett ventura avery pugh mayer bender shepard mcmahon landry case sampson moses magana blackburn
dunlap gould duffy vaughan herring mckay espinosa rivers farley bernard ashley friedman potts truong costa correa blevins nixon clements fry delarosa best
benton lugo portillo dougherty crane haley phan villalobos blanchard horne finley quintana lynn esquivel bean dodson mullen xiong hayden cano levy huber
richmond moyer lim frye sheppard mccarty avalos booker waller parra woodward jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner maynard
galindo coffey estes sanford burch maddox vo oconnell vu andersen spence mcpherson church schmitt stanton leal cherry compton dudley sierra pollard alfaro
hester proctor lu hinton novak good madden mccann terrell jarvis dickson reyna cantrell mayo branch hendrix rollins rowland whitney duke odom daugherty
travis tang archer
muller mueller schmitz schulz hoffmann koch richter klein wolf schroder neumann schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner krause
meier lehmann schmid schulze maier kohler herrmann konig walter mayer huber kaiser fuchs peters lang scholz moller weiss jung hahn schubert vogel friedrich
keller gunther frank berger winkler roth beck lorenz baumann franke albrecht schuster simon ludwig bohm winter kraus martin schumacher kramer vogt stein
jager otto sommer gross seidel heinrich brandt haas schreiber graf schulte dietrich ziegler kuhn kuhne pohl engel horn busch bergmann thomas voigt sauer
arnold wolff pfeiffer
dubois durand lefebvre leroy moreau laurent bertrand girard bonnet dupont lambert fontaine rousseau vincent muller lefevre faure andre mercier blanc guerin
boyer garnier chevalier francois legrand gauthier perrin robin clement morin nicolas henry roussel mathieu gautier masson marchand duval denis dumont marie
lemaire noel meyer dufour meunier brun blanchard giraud joly riviere lucas brunet gaillard barbier arnaud martinez gerard roche renard schmitt roy leroux
colin vidal caron picard roger fabre aubert lemoine renaud dumas lacroix olivier philippe bourgeois pierre benoit rey leclerc payet rolland leclercq guillaume
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti deluca costa giordano mancini rizzo lombardi moretti barbieri fontana
santoro mariani rinaldi caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra coppola desantis dangelo marchetti parisi villa
conte ferraro ferri fabbri bianco marini grasso valentini messina sala deangelis gatti pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato
silvestri mazza testa grassi pellegrino carbone giuliani benedetti barone rossetti caputo montanari guerra palmieri bernardi martino fiore derosa ferretti
bellini basile riva donati piras vitali battaglia sartori neri costantini milani pagano ruggiero sorrentino damico orlando damico negri
garcia fernandez gonzalez rodriguez lopez martinez sanchez perez gomez martin jimenez ruiz hernandez diaz moreno alvarez munoz romero alonso gutierrez
navarro torres dominguez vazquez ramos gil ramirez serrano blanco suarez molina morales ortega delgado castro ortiz rubio marin sanz nunez iglesias medina
garrido santos castillo cortes lozano guerrero cano prieto mendez calvo cruz gallego vidal leon herrera marquez pena cabrera flores campos vega diez fuentes
carrasco caballero nieto reyes aguilar pascual herrero santana lorenzo hidalgo montero ibanez gimenez ferrer duran vicente benitez mora santiago arias
vargas carmona crespo roman pastor soto saez velasco moya soler parra esteban bravo gallardo rojas
silva santos ferreira pereira oliveira costa rodrigues martins jesus sousa fernandes goncalves gomes lopes marques alves almeida ribeiro pinto carvalho
teixeira moreira correia mendes nunes soares vieira monteiro cardoso rocha neves coelho cruz cunha pires ramos reis simoes antunes matos fonseca machado
araujo barbosa tavares lourenco castro figueiredo azevedo freitas
de jong jansen de vries van den berg van dijk bakker janssen visser smit meijer de boer mulder de groot bos vos peters hendriks van leeuwen dekker brouwer
de wit dijkstra smits de graaf van der meer van der linden kok jacobs de haan vermeulen van den heuvel van der veen van den broek de bruijn de bruin
van der heijden schouten van beek willems van vliet van de ven hoekstra maas verhoeven koster van dam van der wal prins blom huisman peeters
nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk
piotrowski grabowski nowakowski pawlowski michalski nowicki adamczyk dudek zajac wieczorek jablonski krol majewski olszewski jaworski wrobel malinowski
ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov alekseev lebedev semenov egorov pavlov kozlov stepanov
nikolaev orlov andreev makarov nikitin zakharov ivanova smirnova kuznetsova popova petrova sokolova volkova
hansen johansen olsen larsen andersen pedersen nilsen kristiansen jensen karlsen johnsen pettersen eriksen berg haugen hagen johannessen andreassen
jacobsen dahl jorgensen halvorsen nielsen christensen rasmussen sorensen madsen kristensen thomsen poulsen johansson karlsson nilsson eriksson larsson
olsson persson svensson gustafsson pettersson jonsson jansson hansson bengtsson lindberg lindqvist lindgren berglund fredriksson sandberg henriksson
korhonen virtanen makinen nieminen makela hamalainen laine heikkinen koskinen jarvinen lehtonen lehtinen saarinen salminen heinonen niemi heikkila
kinnunen salonen turunen salo laitinen tuominen rantanen karjalainen jokinen mattila savolainen lahtinen ahonen
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong
yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao lu jiang cui zhong tan lu wang fan jin shi liao jia xia wei fu fang bai zou meng xiong qin
qiu jiang yin xue yan duan lei hou long shi tao li he gu mao hao gong shao wan qian yan tan wu dai mo kong xiang tang
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki
mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito sakamoto endo aoki fujii nishimura
fukuda ota miura fujiwara okamoto matsuda nakagawa nakano harada ono tamura takeuchi kaneko wada nakayama ishida ueda morita hara shibata sakai kudo
kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song yoo hong jeon ko moon yang son bae baek heo nam
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
patel sharma singh kumar gupta shah mehta joshi desai reddy rao iyer nair menon pillai verma mishra agarwal jain chatterjee banerjee mukherjee das bose sen
ghosh chopra kapoor malhotra khanna bhatia sethi saxena srivastava tiwari pandey dubey yadav thakur chauhan rajput naidu krishnan subramanian venkatesh
khan ahmed ali hussain hassan rahman islam uddin chowdhury hossain akhtar iqbal malik qureshi siddiqui sheikh butt mirza baig
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan cetin kara koc kurt ozkan simsek
okafor okonkwo adeyemi adebayo okoro eze nwosu obi mensah owusu boateng asante osei appiah agyeman kamau mwangi otieno ochieng wanjiru kiplagat
haddad khoury nasser saleh hamdan mansour darwish abbas karimi hosseini mohammadi ahmadi rezaei moradi jafari sadeghi
murphy kelly osullivan o'sullivan walsh smith obrien byrne ryan oconnor o'connor oneill reilly doyle mccarthy gallagher doherty kennedy lynch murray quinn
moore mcloughlin carroll connolly daly connell wilson dunne brennan burke collins campbell clarke johnston hughes farrell fitzgerald brown martin maguire
nolan flynn thompson callaghan odonnell duffy mahony boyle healy shea white sweeney hayes kavanagh power mcgrath moran brady
nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz lakatos meszaros olah simon racz fekete
novak svoboda novotny dvorak cerny prochazka kucera vesely horak nemec pospisil marek hajek jelinek kral ruzicka benes fiala sedlacek
horvat kovacic babic maric juric novak kovac vukovic knezevic markovic petrovic jovanovic nikolic ilic djordjevic stojanovic
popescu ionescu popa pop constantin stan dumitru stoica gheorghe matei rusu munteanu ciobanu
papadopoulos papadakis georgiou dimitriou nikolaou konstantinou ioannou vasileiou christodoulou
jonsdottir sigurdsson gudmundsson jonsson olafsson kristjansson einarsson
tamm saar sepp magi kask kukk rebane ilves
berzins kalnins ozols jansons kazlauskas jankauskas petrauskas
kowalska wisniewska wojcik kaminska lewandowska zielinska szymanska dabrowska stewart casey foley fitzpatrick
leary mcdonnell macmahon donnelly regan donovan burns flanagan mullan barry kane robinson cunningham griffin kenny sheehan ward whelan lyons reid graham
higgins cullen keane king maher mckenna bell scott hogan keeffe magee mcnamara mcdonald hurley nair
`;

/** Particles of multi-word surnames ("van der Meer") are handled as particles, not as names. */
const PARTICLES = new Set(['de', 'van', 'den', 'der', 'von', 'la', 'del', 'di', 'da', 'du', 'le', 'el', 'al', 'bin', 'ten', 'ter', 've']);

/**
 * Endings that mark a family name in many languages: Slavic -ová/-ski/-ska/-ović/-enko/-ov(a),
 * Nordic -sson/-sen/-dóttir, Finnish -nen, Greek -opoulos/-idis/-akis, Romanian -escu,
 * Armenian -yan/-ian, Georgian -shvili/-dze, Turkish -oğlu, Basque/Spanish -ez/-az in longer words.
 * A capitalised word with one of them counts as a surname next to another name word.
 */
const SURNAME_ENDING = /(?:ová|ova|ovà|ská|ski|ska|cki|cka|dzki|dzka|ović|ovic|ević|evic|ić|enko|chuk|czuk|ovich|evich|ov|ev|ova|eva|yev|yeva|sson|ssen|sen|son|dottir|dóttir|nen|opoulos|poulos|idis|iadis|akis|escu|eanu|yan|ian|shvili|dze|oglu|oğlu|ez|az|ini|etti|elli|ucci|mann|berg|stein|feld)$/;

export function hasSurnameEnding(lower: string): boolean {
  return lower.length >= 5 && SURNAME_ENDING.test(lower);
}

function toSet(list: string): Set<string> {
  const words = list.split(/\s+/).filter((word) => word && !PARTICLES.has(word));
  return new Set([...words, ...words.map(foldAccents)]);
}

/** Hand-written surnames and the census's most frequent ones (see census-names.ts) that are not also countries or states. */
export const SURNAMES_SET: WordSet = lazyWordSet(() => {
  const names = new Set(toSet(SURNAMES));
  for (const name of listWords(CENSUS_SURNAMES)) if (!PLACE_NAMES.has(name)) names.add(name);
  return names;
});
