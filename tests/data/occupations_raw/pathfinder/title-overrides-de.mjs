// Fixture: lines of scripts/input/title-overrides-de.mjs (mo-sp/pathfinder)
export default {
  '35-3023.00': 'Mitarbeiter Systemgastronomie / Mitarbeiterin Systemgastronomie', // Fast Food and Counter Workers
  '15-1252.00': 'Softwareentwickler/Softwareentwicklerin', // Software Developers
  '29-1141.00': 'Gesundheits- und Krankenpfleger / Gesundheits- und Krankenpflegerin', // Registered Nurses
  '15-1252.00': 'Softwareentwickler/Softwareentwicklerin', // Software Developers
}
