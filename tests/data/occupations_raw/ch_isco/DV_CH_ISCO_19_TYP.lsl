<document><labels><rows>
<row><id><![CDATA[92]]></id><lid><![CDATA[1]]></lid><code><![CDATA[22210]]></code></row>
<row><id><![CDATA[93]]></id><lid><![CDATA[1]]></lid><code><![CDATA[22211]]></code></row>
<row><id><![CDATA[94]]></id><lid><![CDATA[1]]></lid><code><![CDATA[22212]]></code></row>
<row><id><![CDATA[95]]></id><lid><![CDATA[1]]></lid><code><![CDATA[22213]]></code></row>
<row><id><![CDATA[144]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25110]]></code></row>
<row><id><![CDATA[145]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25111]]></code></row>
<row><id><![CDATA[146]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25112]]></code></row>
<row><id><![CDATA[147]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25120]]></code></row>
<row><id><![CDATA[148]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25121]]></code></row>
<row><id><![CDATA[149]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25122]]></code></row>
<row><id><![CDATA[150]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25123]]></code></row>
<row><id><![CDATA[151]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25124]]></code></row>
<row><id><![CDATA[153]]></id><lid><![CDATA[1]]></lid><code><![CDATA[25140]]></code></row>
<row><id><![CDATA[364]]></id><lid><![CDATA[1]]></lid><code><![CDATA[51310]]></code></row>
<row><id><![CDATA[365]]></id><lid><![CDATA[1]]></lid><code><![CDATA[51311]]></code></row>
<row><id><![CDATA[366]]></id><lid><![CDATA[1]]></lid><code><![CDATA[51312]]></code></row>
<row><id><![CDATA[367]]></id><lid><![CDATA[1]]></lid><code><![CDATA[51313]]></code></row>
<row><id><![CDATA[368]]></id><lid><![CDATA[1]]></lid><code><![CDATA[51320]]></code></row>
<row><id><![CDATA[603]]></id><lid><![CDATA[1]]></lid><code><![CDATA[83320]]></code></row>
</rows></labels><label_l10ns><rows>
<row><id><![CDATA[0]]></id><label_id><![CDATA[92]]></label_id><title><![CDATA[Pflegedienstleiter und Pflegefachkräfte, onA]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[92]]></label_id><title><![CDATA[Chefs des services de soins et infirmiers, sip]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[92]]></label_id><title><![CDATA[Responsabili dei servizi di cura e infermieri, s.a.i.]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[93]]></label_id><title><![CDATA[Pflegedienstleiter]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[93]]></label_id><title><![CDATA[Chefs des services de soins]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[93]]></label_id><title><![CDATA[Responsabili dei servizi di cura e infermieri]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[94]]></label_id><title><![CDATA[Pflegefachkräfte]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[94]]></label_id><title><![CDATA[Infirmiers]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[94]]></label_id><title><![CDATA[Infermieri]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[95]]></label_id><title><![CDATA[Pflegefachkräfte mit Spezialisierung]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[95]]></label_id><title><![CDATA[Infirmiers avec spécialisation]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[95]]></label_id><title><![CDATA[Infermieri con specializzazione]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[144]]></label_id><title><![CDATA[Systemanalytiker, onA]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[144]]></label_id><title><![CDATA[Analystes de systèmes, sip]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[144]]></label_id><title><![CDATA[Analisti di sistema, s.a.i.]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[145]]></label_id><title><![CDATA[Systemanalytiker, Architektur und Controlling]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[145]]></label_id><title><![CDATA[Analystes de systèmes, architecture et controlling]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[145]]></label_id><title><![CDATA[Analisti di sistema, archittetura e controlling]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[146]]></label_id><title><![CDATA[Systemanalytiker, Beratung]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[146]]></label_id><title><![CDATA[Analystes de systèmes, conseil ICT]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[146]]></label_id><title><![CDATA[Analisti di sistema, consiglio ICT]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[147]]></label_id><title><![CDATA[Softwareentwickler, onA]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[147]]></label_id><title><![CDATA[Concepteurs de logiciels, sip]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[147]]></label_id><title><![CDATA[Sviluppatori di software, s.a.i.]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[148]]></label_id><title><![CDATA[Softwareentwickler, Softwareengineering]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[148]]></label_id><title><![CDATA[Concepteurs de logiciels, développement de logiciels]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[148]]></label_id><title><![CDATA[Sviluppatori di software, ingegneri di software]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[149]]></label_id><title><![CDATA[Softwareentwickler, Wirtschaftsinformatik]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[149]]></label_id><title><![CDATA[Concepteurs de logiciels, informatique de gestion]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[149]]></label_id><title><![CDATA[Sviluppatori di software, informatica di gestione]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[150]]></label_id><title><![CDATA[Softwareentwickler, System-Engineering und Architektur]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[150]]></label_id><title><![CDATA[Concepteurs de logiciels, architecture et ingénierie système]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[150]]></label_id><title><![CDATA[Sviluppatori di software, archittetura e ingegneria sistema]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[151]]></label_id><title><![CDATA[Softwareentwickler, Projektmanagement]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[151]]></label_id><title><![CDATA[Concepteurs de logiciels, management de projet]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[151]]></label_id><title><![CDATA[Sviluppatori di software, gestione di progetti]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[153]]></label_id><title><![CDATA[Anwendungsprogrammierer]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[153]]></label_id><title><![CDATA[Programmeurs d’applications]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[153]]></label_id><title><![CDATA[Programmatori di applicazioni]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[364]]></label_id><title><![CDATA[Chefs de service, Servicefach- und Servicehilfskräfte in Restaurants, onA]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[364]]></label_id><title><![CDATA[Chefs de service, spécialistes et auxiliaires de la restauration, sip]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[364]]></label_id><title><![CDATA[Responsabili di servizio, impiegati e addetti di ristorazione, s.a.i.]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[365]]></label_id><title><![CDATA[Chefs de Service in Restaurants]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[365]]></label_id><title><![CDATA[Chefs de service de la restauration]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[365]]></label_id><title><![CDATA[Chefs de service, ristorazione]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[366]]></label_id><title><![CDATA[Servicefachkräfte in Restaurants]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[366]]></label_id><title><![CDATA[Spécialistes en restauration]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[366]]></label_id><title><![CDATA[Impiegati di ristorazione]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[367]]></label_id><title><![CDATA[Servicehilfskräfte in Restaurants]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[367]]></label_id><title><![CDATA[Auxiliaires de restauration]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[367]]></label_id><title><![CDATA[Addetti di ristorazione]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[368]]></label_id><title><![CDATA[Barkeeper]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[368]]></label_id><title><![CDATA[Barmen]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[368]]></label_id><title><![CDATA[Baristi]]></title><language><![CDATA[it]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[603]]></label_id><title><![CDATA[Fahrer schwerer Lastkraftwagen]]></title><language><![CDATA[de]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[603]]></label_id><title><![CDATA[Conducteurs de poids lourds et de camions]]></title><language><![CDATA[fr]]></language></row>
<row><id><![CDATA[0]]></id><label_id><![CDATA[603]]></label_id><title><![CDATA[Conducenti di mezzi pesanti e camion]]></title><language><![CDATA[it]]></language></row>
</rows></label_l10ns></document>