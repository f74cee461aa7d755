# ruff: noqa: E501 (a table of whole sentences, one per line)
"""The native speaker's checklist: for each output language, the exact sentences an ad must carry.

Typed by hand from each language's conventions (README, Languages), independently of the catalogs:
tests/test_languages.py renders every row in every format and compares.
"""

from __future__ import annotations

NB, NNB = "\u00a0", "\u202f"
TYPES = ("Full-time", "Part-time", "Contract", "Freelance", "Temporary", "Seasonal", "Internship", "Apprenticeship",
         "Volunteer", "Per diem")  # fmt: skip


def polish_years(n: int) -> str:
    """1 rok, 2-4 lata (but 12-14 lat), 5+ lat; the genitive "doświadczenia" after it."""
    word = "rok" if n == 1 else "lata" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "lat"
    return f"{n} {word} doświadczenia"


CHECKLIST: dict[str, dict] = {
    "de": {
        "title": "Datenanalyst", "marked": "Datenanalyst (m/w/d)", "city": "München",
        "about": ("Über Nordwind", "Über Acme"), "about_us": "Über uns",
        "hiring": ("Nordwind sucht Sie als Datenanalyst (m/w/d).", "Wir suchen Sie als Datenanalyst (m/w/d)."),
        "types": ["Die Stelle ist in Vollzeit zu besetzen.", "Die Stelle ist in Teilzeit zu besetzen.",
                  "Die Stelle ist befristet.", "Es handelt sich um eine freie Mitarbeit.",
                  "Es handelt sich um eine Aushilfstätigkeit.", "Es handelt sich um eine Saisonstelle.",
                  "Es handelt sich um ein Praktikum.", "Es handelt sich um eine Ausbildung.",
                  "Es handelt sich um ein Ehrenamt.", "Die Vergütung erfolgt pro Arbeitstag."],
        "modes": {"Hybrid": "Sie arbeiten hybrid; Arbeitsort: München.", "On-site": "Sie arbeiten vor Ort; Arbeitsort: München.",
                  "Remote": "Sie arbeiten vollständig remote (München)."},
        "years": lambda n: f"{n} {'Jahr' if n == 1 else 'Jahre'} Berufserfahrung",
        "at_least": "Mindestens 3 Jahre Berufserfahrung", "range": "2–4 Jahre Berufserfahrung",
        "zero": "Keine Berufserfahrung erforderlich", "typed": "Berufserfahrung: im Einzelhandel",
        "skills": "Kenntnisse in Python und SQL",
        "pay": [f"Vergütung: 58.000–70.000{NB}€ brutto pro Jahr", f"Vergütung: ab 18,50{NB}€ brutto pro Stunde",
                f"Vergütung: bis zu 4.500{NB}€ netto pro Monat", f"Vergütung: 400{NB}€ brutto pro Tag",
                f"Vergütung: 3.000{NB}€ brutto pro Monat bei 14 Monatsgehältern"],
        "statement": "Wir freuen uns über jede Bewerbung – unabhängig von ethnischer Herkunft, Geschlecht, Religion oder "
                     "Weltanschauung, Behinderung, Alter oder sexueller Identität.", "extras": [],
        "remote_country": "Deutschland",
    },
    "fr": {
        "title": "Analyste de données", "marked": "Analyste de données (H/F)", "city": "Lyon",
        "about": ("À propos de Nordwind", "À propos d'Acme"), "about_us": f"Qui sommes-nous{NB}?",
        "hiring": ("Nordwind recrute pour le poste d'Analyste de données (H/F).",
                   "Nous recrutons pour le poste d'Analyste de données (H/F)."),
        "types": ["Il s'agit d'un poste à temps plein.", "Il s'agit d'un poste à temps partiel.",
                  "Il s'agit d'un CDD (contrat à durée déterminée).", "Il s'agit d'une mission en freelance.",
                  "Il s'agit d'une mission d'intérim.", "Il s'agit d'un emploi saisonnier.", "Il s'agit d'un stage.",
                  "Il s'agit d'un contrat d'apprentissage.", "Il s'agit d'une mission de bénévolat.",
                  "Le poste est rémunéré à la journée travaillée."],
        "modes": {"Hybrid": f"Le poste est en mode hybride{NB}; lieu de travail{NB}: Lyon.",
                  "On-site": f"Le poste est en présentiel{NB}; lieu de travail{NB}: Lyon.",
                  "Remote": "Le poste est en télétravail complet (Lyon)."},
        "years": lambda n: f"{n} {'an' if n <= 1 else 'ans'} d'expérience",
        "at_least": "Au moins 3 ans d'expérience", "range": "2 à 4 ans d'expérience",
        "zero": "Aucune expérience requise", "typed": f"Expérience{NB}: dans la vente",
        "skills": f"Compétences{NB}: Python et SQL",
        "pay": [f"Rémunération{NB}: 58{NNB}000–70{NNB}000{NB}€ brut annuel",
                f"Rémunération{NB}: à partir de 18,50{NB}€ brut de l'heure",
                f"Rémunération{NB}: jusqu'à 4{NNB}500{NB}€ net mensuel", f"Rémunération{NB}: 400{NB}€ brut par jour",
                f"Rémunération{NB}: 3{NNB}000{NB}€ brut mensuel sur 14 mois"],
        "statement": "Toutes les candidatures sont étudiées sans discrimination, conformément à l'article L1132-1 du "
                     "Code du travail.", "extras": ["Ce poste est ouvert aux personnes en situation de handicap."],
        "remote_country": "France",
    },
    "es": {
        "title": "Analista de datos", "marked": "Analista de datos (h/m)", "city": "Madrid",
        "about": ("Sobre Nordwind", "Sobre Acme"), "about_us": "Sobre nosotros",
        "hiring": ("Nordwind busca incorporar a una persona para el puesto de Analista de datos (h/m).",
                   "Buscamos incorporar a una persona para el puesto de Analista de datos (h/m)."),
        "types": ["Se trata de un puesto a jornada completa.", "Se trata de un puesto a jornada parcial.",
                  "Se trata de un contrato de duración determinada.",
                  "Se trata de una colaboración freelance (trabajo por cuenta propia).", "Se trata de un empleo temporal.",
                  "Se trata de un trabajo de temporada.", "Se trata de unas prácticas.",
                  "Se trata de un contrato de formación en alternancia.", "Se trata de un voluntariado.",
                  "El puesto se remunera por día trabajado."],
        "modes": {"Hybrid": "El trabajo es híbrido; lugar de trabajo: Madrid.",
                  "On-site": "El trabajo es presencial; lugar de trabajo: Madrid.",
                  "Remote": f"El trabajo es 100{NB}% en remoto (Madrid)."},
        "years": lambda n: f"{n} {'año' if n == 1 else 'años'} de experiencia",
        "at_least": "Al menos 3 años de experiencia", "range": "De 2 a 4 años de experiencia",
        "zero": "Sin experiencia previa", "typed": "Experiencia: en ventas", "skills": "Dominio de Python y SQL",
        "pay": ["Salario: 58.000–70.000\u00a0€ brutos anuales", "Salario: desde 18,50\u00a0€ brutos por hora",
                "Salario: hasta 4500\u00a0€ netos mensuales", "Salario: 400\u00a0€ brutos por día",
                "Salario: 3000\u00a0€ brutos mensuales en 14 pagas"],
        "statement": "Valoramos todas las candidaturas sin discriminación por razón de nacimiento, origen racial o "
                     "étnico, sexo, religión, convicción u opinión, edad, discapacidad, orientación o identidad sexual, "
                     "expresión de género, enfermedad o condición de salud, lengua, situación socioeconómica o cualquier "
                     "otra condición o circunstancia personal o social (Ley 15/2022).", "extras": [],
        "remote_country": "España",
    },
    "nl": {
        "title": "Data-analist", "marked": "Data-analist (m/v/x)", "city": "Utrecht",
        "about": ("Over Nordwind", "Over Acme"), "about_us": "Over ons",
        "hiring": ("Nordwind zoekt een Data-analist (m/v/x).", "Wij zoeken een Data-analist (m/v/x)."),
        "types": ["Het gaat om een fulltime functie.", "Het gaat om een parttime functie.",
                  "Het gaat om een contract voor bepaalde tijd.", "Het gaat om een freelance opdracht.",
                  "Het gaat om tijdelijk werk.", "Het gaat om seizoenswerk.", "Het gaat om een stage.",
                  "Het gaat om een leer-werktraject.", "Het gaat om vrijwilligerswerk.", "Je wordt per gewerkte dag betaald."],
        "modes": {"Hybrid": "Je werkt hybride; standplaats: Utrecht.", "On-site": "Je werkt op locatie; standplaats: Utrecht.",
                  "Remote": "Je werkt volledig op afstand (Utrecht)."},
        "years": lambda n: f"{n} jaar werkervaring",
        "at_least": "Minimaal 3 jaar werkervaring", "range": "2 tot 4 jaar werkervaring",
        "zero": "Geen werkervaring vereist", "typed": "Ervaring: in de detailhandel", "skills": "Kennis van Python en SQL",
        "pay": ["Salaris: €\u00a058.000–70.000 bruto per jaar", "Salaris: vanaf €\u00a018,50 bruto per uur",
                "Salaris: maximaal €\u00a04.500 netto per maand", "Salaris: €\u00a0400 bruto per dag",
                "Salaris: €\u00a03.000 bruto per maand, verdeeld over 14 uitbetalingen"],
        "statement": "Wij behandelen alle sollicitaties gelijk, zoals de Algemene wet gelijke behandeling voorschrijft.",
        "extras": [], "remote_country": "Nederland",
    },
    "it": {
        "title": "Analista dati", "marked": "Analista dati (M/F)", "city": "Milano",
        "about": ("Chi è Nordwind", "Chi è Acme"), "about_us": "Chi siamo",
        "hiring": ("Nordwind ricerca una figura per la posizione di Analista dati (M/F).",
                   "Ricerchiamo una figura per la posizione di Analista dati (M/F)."),
        "types": ["Si tratta di una posizione a tempo pieno.", "Si tratta di una posizione part-time.",
                  "Si tratta di un contratto a tempo determinato.",
                  "Si tratta di una collaborazione in libera professione (partita IVA).", "Si tratta di un lavoro temporaneo.",
                  "Si tratta di un lavoro stagionale.", "Si tratta di uno stage.", "Si tratta di un contratto di apprendistato.",
                  "Si tratta di un'attività di volontariato.", "La retribuzione è calcolata per giornata lavorata."],
        "modes": {"Hybrid": "Il lavoro è in modalità ibrida; sede di lavoro: Milano.",
                  "On-site": "Il lavoro si svolge in presenza; sede di lavoro: Milano.",
                  "Remote": "Il lavoro si svolge interamente da remoto (Milano)."},
        "years": lambda n: f"{n} {'anno' if n == 1 else 'anni'} di esperienza",
        "at_least": "Almeno 3 anni di esperienza", "range": "Da 2 a 4 anni di esperienza",
        "zero": "Nessuna esperienza pregressa richiesta", "typed": "Esperienza: nella vendita",
        "skills": "Conoscenza di Python e SQL",
        "pay": ["Retribuzione: 58.000–70.000\u00a0€ lordi annui (RAL)", "Retribuzione: a partire da 18,50\u00a0€ lordi l'ora",
                "Retribuzione: fino a 4.500\u00a0€ netti al mese", "Retribuzione: 400\u00a0€ lordi al giorno",
                "Retribuzione: 3.000\u00a0€ lordi al mese su 14 mensilità"],
        "statement": "La ricerca è rivolta ad entrambi i sessi (L. 903/77 e D.Lgs. 198/2006).",
        "extras": ["Si prega di autorizzare nel curriculum il trattamento dei dati personali ai sensi del Regolamento "
                   "(UE) 2016/679 (GDPR)."], "remote_country": "Italia",
    },
    "pt-PT": {
        "title": "Analista de dados", "marked": "Analista de dados (m/f)", "city": "Lisboa",
        "about": ("Quem somos", "Quem somos"), "about_us": "Quem somos",
        "hiring": ("A empresa Nordwind está a recrutar para a função de Analista de dados (m/f).",
                   "Estamos a recrutar para a função de Analista de dados (m/f)."),
        "types": ["Trata-se de uma função a tempo inteiro.", "Trata-se de uma função a tempo parcial.",
                  "Trata-se de um contrato a termo.",
                  "Trata-se de uma colaboração em regime de prestação de serviços (freelance).",
                  "Trata-se de trabalho temporário.", "Trata-se de trabalho sazonal.", "Trata-se de um estágio.",
                  "Trata-se de uma formação em regime de aprendizagem.", "Trata-se de voluntariado.",
                  "A remuneração é paga por dia de trabalho."],
        "modes": {"Hybrid": "O trabalho é em regime híbrido; local de trabalho: Lisboa.",
                  "On-site": "O trabalho é presencial; local de trabalho: Lisboa.",
                  "Remote": "O trabalho é 100% remoto (Lisboa)."},
        "years": lambda n: f"{n} {'ano' if n == 1 else 'anos'} de experiência",
        "at_least": "Pelo menos 3 anos de experiência", "range": "2 a 4 anos de experiência",
        "zero": "Não é necessária experiência prévia", "typed": "Experiência: em vendas", "skills": "Domínio de Python e SQL",
        "pay": ["Remuneração: 58\u00a0000–70\u00a0000\u00a0€ ilíquidos por ano",
                "Remuneração: a partir de 18,50\u00a0€ ilíquidos por hora", "Remuneração: até 4\u00a0500\u00a0€ líquidos por mês",
                "Remuneração: 400\u00a0€ ilíquidos por dia", "Remuneração: 3\u00a0000\u00a0€ ilíquidos por mês, em 14 prestações"],
        "statement": "Garantimos a igualdade de oportunidades no acesso ao emprego, independentemente de ascendência, "
                     "idade, sexo, orientação sexual, identidade de género, estado civil, situação familiar, situação "
                     "económica, instrução, origem ou condição social, património genético, capacidade de trabalho "
                     "reduzida, deficiência, doença crónica, nacionalidade, origem étnica ou raça, território de origem, "
                     "língua, religião, convicções políticas ou ideológicas e filiação sindical (artigo 24.º do Código "
                     "do Trabalho).", "extras": [], "remote_country": "Portugal",
    },
    "pt-BR": {
        "title": "Analista de dados", "marked": "Analista de dados", "city": "São Paulo",
        "about": ("Quem somos", "Quem somos"), "about_us": "Quem somos",
        "hiring": ("A empresa Nordwind está contratando para a vaga de Analista de dados.",
                   "Estamos contratando para a vaga de Analista de dados."),
        "types": ["Trata-se de uma vaga em tempo integral.", "Trata-se de uma vaga de meio período.",
                  "Trata-se de um contrato por prazo determinado.", "Trata-se de um trabalho como freelancer.",
                  "Trata-se de uma vaga temporária.", "Trata-se de um trabalho sazonal.", "Trata-se de um estágio.",
                  "Trata-se de uma vaga de jovem aprendiz.", "Trata-se de um trabalho voluntário.",
                  "O pagamento é feito por dia trabalhado (diária)."],
        "modes": {"Hybrid": "O trabalho é híbrido; local de trabalho: São Paulo.",
                  "On-site": "O trabalho é presencial; local de trabalho: São Paulo.",
                  "Remote": "O trabalho é 100% remoto (São Paulo)."},
        "years": lambda n: f"{n} {'ano' if n <= 1 else 'anos'} de experiência",
        "at_least": "Pelo menos 3 anos de experiência", "range": "2 a 4 anos de experiência",
        "zero": "Não é necessária experiência prévia", "typed": "Experiência: em vendas", "skills": "Domínio de Python e SQL",
        "pay": ["Salário: €\u00a058.000–70.000 brutos por ano", "Salário: a partir de €\u00a018,50 brutos por hora",
                "Salário: até €\u00a04.500 líquidos por mês", "Salário: €\u00a0400 brutos por dia",
                "Salário: €\u00a03.000 brutos por mês, em 14 pagamentos"],
        "statement": "Não adotamos nenhuma prática discriminatória por motivo de sexo, origem, raça, cor, estado civil, "
                     "situação familiar, deficiência, reabilitação profissional, idade, entre outros (Lei nº 9.029/1995).",
        "extras": [], "remote_country": "Brasil",
    },
    "pl": {
        "title": "Analityk danych", "marked": "Analityk danych (k/m)", "city": "Kraków",
        "about": ("O firmie Nordwind", "O firmie Acme"), "about_us": "O nas",
        "hiring": ("Nordwind rekrutuje na stanowisko Analityk danych (k/m).", "Rekrutujemy na stanowisko Analityk danych (k/m)."),
        "types": ["Wymiar pracy: pełny etat.", "Wymiar pracy: część etatu.", "Rodzaj umowy: umowa na czas określony.",
                  "Forma współpracy: B2B (freelance).", "Rodzaj pracy: praca tymczasowa.", "Rodzaj pracy: praca sezonowa.",
                  "Forma współpracy: staż.", "Forma współpracy: praktyczna nauka zawodu.", "Forma współpracy: wolontariat.",
                  "Wynagrodzenie za każdy przepracowany dzień."],
        "modes": {"Hybrid": "Praca hybrydowa; miejsce pracy: Kraków.", "On-site": "Praca stacjonarna; miejsce pracy: Kraków.",
                  "Remote": "Praca w pełni zdalna (Kraków)."},
        "years": polish_years,
        "at_least": "Co najmniej 3 lata doświadczenia", "range": "2–4 lata doświadczenia",
        "zero": "Doświadczenie nie jest wymagane", "typed": "Doświadczenie: w handlu", "skills": "Umiejętności: Python i SQL",
        "pay": ["Wynagrodzenie: 58\u00a0000–70\u00a0000\u00a0€ brutto rocznie", "Wynagrodzenie: od 18,50\u00a0€ brutto za godzinę",
                "Wynagrodzenie: do 4500\u00a0€ netto miesięcznie", "Wynagrodzenie: 400\u00a0€ brutto za dzień",
                "Wynagrodzenie: 3000\u00a0€ brutto miesięcznie, w 14 wypłatach"],
        "statement": "Wszystkie kandydatury traktujemy równo, bez względu na płeć, wiek, niepełnosprawność, rasę, religię, "
                     "narodowość, przekonania polityczne, przynależność związkową, pochodzenie etniczne, wyznanie i "
                     "orientację seksualną (art. 18³a Kodeksu pracy).",
        "extras": ["Prosimy o zamieszczenie w CV zgody na przetwarzanie danych osobowych na potrzeby tej rekrutacji, "
                   "zgodnie z Rozporządzeniem (UE) 2016/679 (RODO)."], "remote_country": "Polska",
    },
}  # fmt: skip
