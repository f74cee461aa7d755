export default
{
  "251101": {
    "name": "Analityk systemów teleinformatycznych"
  },
  "251102": {
    "name": "Konsultant do spraw systemów teleinformatycznych"
  },
  "251103": {
    "name": "Projektant / architekt systemów teleinformatycznych"
  },
  "251104": {
    "name": "Analityk doświadczenia użytkowników (user experience analyst)"
  },
  "251105": {
    "name": "Specjalista do spraw integracji technologii informatycznych"
  },
  "251190": {
    "name": "Pozostali analitycy systemów komputerowych"
  },
  "251201": {
    "name": "Specjalista do spraw doskonalenia i rozwoju aplikacji"
  },
  "251202": {
    "name": "Specjalista do spraw rozwoju oprogramowania systemów informatycznych"
  },
  "251203": {
    "name": "Specjalista do spraw technologii blockchain"
  },
  "251290": {
    "name": "Pozostali specjaliści do spraw rozwoju systemów informatycznych"
  },
  "251401": {
    "name": "Programista aplikacji"
  },
  "251402": {
    "name": "Programista aplikacji mobilnych"
  },
  "251403": {
    "name": "Projektant interfejsu użytkownika"
  },
  "251404": {
    "name": "Specjalista do spraw jakości oprogramowania"
  },
  "251490": {
    "name": "Pozostali programiści aplikacji"
  },
  "513102": {
    "name": "Technik usług kelnerskich "
  },
  "513290": {
    "name": "Pozostali barmani"
  },
  "833201": {
    "name": "Kierowca autocysterny"
  },
  "833202": {
    "name": "Kierowca ciągnika siodłowego"
  },
  "833203": {
    "name": "Kierowca samochodu ciężarowego"
  },
  "833290": {
    "name": "Pozostali kierowcy samochodów ciężarowych"
  }
}
