/**
 * French locale for plotly.js, registered the way plotly.js's own dist/plotly-locale-fr.js does
 * (source structure: lib/locales/fr.js of https://github.com/plotly/plotly.js, MIT license,
 * Copyright 2012-2026 Plotly, Inc.). Written for the bundle served as 05_plotly-cartesian.min.js
 * (plotly.js 4.1.1): the dictionary keys are the English strings that bundle translates (modebar
 * titles, notifier messages, hover labels); the app never loads a locale from a CDN.
 *
 * Dash serves assets in alphabetical order, so this file runs right after the bundle. Each chart
 * selects it with config.locale = "fr" (layouts/components.py); the page language also sets
 * layout.separators on every figure, which takes precedence over the decimal/thousands below.
 */
(function () {
    'use strict';
    // Without the bundle (a page that failed to load it, a test page), do nothing rather than throw.
    if (typeof window === 'undefined' || !window.Plotly || typeof window.Plotly.register !== 'function') {
        return;
    }
    window.Plotly.register({
        moduleType: 'locale',
        name: 'fr',
        dictionary: {
            'Autoscale': 'Échelle automatique',
            'Box Select': 'Sélection rectangulaire',
            'Click to enter Colorscale title': "Cliquer pour saisir le titre de l'échelle de couleurs",
            'Click to enter Component A title': 'Cliquer pour saisir le titre de la composante A',
            'Click to enter Component B title': 'Cliquer pour saisir le titre de la composante B',
            'Click to enter Component C title': 'Cliquer pour saisir le titre de la composante C',
            'Click to enter Plot title': 'Cliquer pour saisir le titre du graphique',
            'Click to enter Plot subtitle': 'Cliquer pour saisir le sous-titre du graphique',
            'Click to enter X axis title': "Cliquer pour saisir le titre de l'axe des x",
            'Click to enter Y axis title': "Cliquer pour saisir le titre de l'axe des y",
            'Click to enter radial axis title': "Cliquer pour saisir le titre de l'axe radial",
            'Compare data on hover': 'Comparer les données au survol',
            'Double-click on legend to isolate one trace': 'Double-cliquer sur la légende pour isoler une série',
            'Double-click to zoom back out': 'Double-cliquer pour dézoomer',
            'Download plot': 'Télécharger le graphique',
            'Download plot as a PNG': 'Télécharger le graphique en PNG',
            'Download plot as a png': 'Télécharger le graphique en PNG',
            'Download plot as JSON': 'Télécharger le graphique en JSON',
            'Draw circle': 'Dessiner un cercle',
            'Draw closed freeform': 'Dessiner une forme libre fermée',
            'Draw line': 'Dessiner une ligne',
            'Draw open freeform': 'Dessiner une forme libre ouverte',
            'Draw rectangle': 'Dessiner un rectangle',
            'Edit in Chart Studio': 'Modifier dans Chart Studio',
            'Erase active shape': 'Effacer la forme active',
            'IE only supports svg.  Changing format to svg.': 'IE ne prend en charge que le SVG. Passage au format SVG.',
            'Image download succeeded': "Téléchargement de l'image réussi",
            'JSON download succeeded': 'Téléchargement du JSON réussi',
            'Lasso Select': 'Sélection au lasso',
            'Orbital rotation': 'Rotation orbitale',
            'Pan': 'Déplacer',
            'Preparing image - this may take a few seconds': "Préparation de l'image, cela peut prendre quelques secondes",
            'Produced with Plotly.js': 'Réalisé avec Plotly.js',
            'Reset': 'Réinitialiser',
            'Reset axes': 'Réinitialiser les axes',
            'Reset camera to default': 'Caméra par défaut',
            'Reset camera to last save': 'Caméra de la dernière sauvegarde',
            'Reset view': 'Réinitialiser la vue',
            'Reset views': 'Réinitialiser les vues',
            'Share chart...': 'Partager le graphique…',
            'Show closest data on hover': 'Afficher la donnée la plus proche au survol',
            'Snapshot succeeded': 'Capture réussie',
            'Sorry, there was a problem downloading your JSON file!': 'Désolé, le téléchargement du fichier JSON a échoué.',
            'Sorry, there was a problem downloading your image!': "Désolé, le téléchargement de l'image a échoué.",
            'Sorry, there was a problem downloading your snapshot!': 'Désolé, le téléchargement de la capture a échoué.',
            'Taking snapshot - this may take a few seconds': 'Capture en cours, cela peut prendre quelques secondes',
            'Toggle Spike Lines': 'Afficher ou masquer les lignes de repère',
            'Toggle show closest data on hover': 'Afficher ou masquer la donnée la plus proche au survol',
            'Turntable rotation': 'Rotation en plateau',
            'Zoom': 'Zoom',
            'Zoom in': 'Zoom avant',
            'Zoom out': 'Zoom arrière',
            'close:': 'clôture :',
            'high:': 'haut :',
            'incoming flow count:': 'flux entrants :',
            'kde:': 'densité (noyau) :',
            'lat:': 'lat. :',
            'lon:': 'long. :',
            'low:': 'bas :',
            'lower fence:': 'borne inférieure :',
            'max:': 'max. :',
            'mean ± σ:': 'moyenne ± σ :',
            'mean:': 'moyenne :',
            'median:': 'médiane :',
            'min:': 'min. :',
            'new text': 'nouveau texte',
            'open:': 'ouverture :',
            'outgoing flow count:': 'flux sortants :',
            'q1:': 'q1 :',
            'q3:': 'q3 :',
            'source:': 'source :',
            'target:': 'cible :',
            'trace': 'série',
            'upper fence:': 'borne supérieure :'
        },
        format: {
            days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
            shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
            months: [
                'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
                'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'
            ],
            shortMonths: [
                'janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin',
                'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'
            ],
            date: '%d/%m/%Y',
            decimal: ',',
            // A narrow no-break space, as the app's own texts (app/i18n.py fmt_number) group thousands.
            thousands: '\u202f',
            year: '%Y',
            month: '%b %Y',
            dayMonth: '%-d %b',
            dayMonthYear: '%-d %b %Y'
        }
    });
}());
