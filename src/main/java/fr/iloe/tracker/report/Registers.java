package fr.iloe.tracker.report;

import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Partner;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.store.RegisterStore;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chronological registers of incoming and outgoing waste (arrêté du 31 mai 2021; domain.md A4), in the
 * national platform's column names: one line per closed ticket, then a {@code MODIFIER} line for each
 * correction and an {@code ANNULER} line for a void. Weights in tonnes with three decimals, {@code REEL} for a
 * weighing, {@code ESTIME} for a manual weight; operation codes normalised ({@code R 3}, {@code D 9 F} for a
 * D 9 lot whose final operation is known). Each outgoing lot lists the incoming tickets of its site closed
 * since the previous outgoing lot of the same waste code: what it was sorted from.
 */
public final class Registers {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

  public static final List<String> INCOMING = List.of("Identifiant unique", "Date de réception", "Code déchet",
      "Dénomination du déchet", "Déchet dangereux", "Poids en tonnes", "Type de poids", "Numéro d'immatriculation",
      "Transporteur raison sociale", "Transporteur SIRET", "Producteur", "Code INSEE de la commune de collecte",
      "Point de collecte", "Code du site", "Motif");

  public static final List<String> OUTGOING = List.of("Identifiant unique", "Date d'expédition", "Code déchet",
      "Dénomination du déchet", "Déchet dangereux", "Poids en tonnes", "Type de poids", "Numéro d'immatriculation",
      "Transporteur raison sociale", "Transporteur SIRET", "Destinataire raison sociale", "Destinataire SIRET",
      "Code de traitement prévu", "Code de traitement réalisé", "Mode de traitement", "Code du site",
      "Tickets entrants (traçabilité)", "Motif");

  /** Labels of the codes the service handles (domain.md A3). */
  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("20 03 07", "Déchets encombrants"), Map.entry("19 12 01", "Papier et carton"),
      Map.entry("19 12 02", "Métaux ferreux"), Map.entry("19 12 03", "Métaux non ferreux"),
      Map.entry("19 12 04", "Matières plastiques et caoutchouc"), Map.entry("19 12 07", "Bois"),
      Map.entry("19 12 08", "Textiles"), Map.entry("19 12 09", "Minéraux (sable, cailloux)"),
      Map.entry("19 12 10", "Déchets combustibles (CSR)"), Map.entry("19 12 12", "Autres déchets issus du tri"),
      Map.entry("20 01 36", "Équipements électriques et électroniques"), Map.entry("20 01 38", "Bois"),
      Map.entry("20 01 40", "Métaux"), Map.entry("17 08 02", "Matériaux de construction à base de gypse"));

  private Registers() {}

  public static List<List<String>> incoming(Period period, List<RegisterStore.Line> lines, ReferenceData ref) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(INCOMING);
    for (RegisterStore.Line l : lines) {
      Optional<Partner> carrier = l.carrier() == null ? Optional.empty() : ref.partner(l.carrier());
      rows.add(List.of(l.site() + "/" + l.ticket(), DAY.format(l.at().atZone(Period.ZONE)), l.wasteCode(),
          LABELS.getOrDefault(l.wasteCode(), ""), l.wasteCode().endsWith("*") ? "OUI" : "NON", Csv.tonnes(l.netKg()),
          l.manual() ? "ESTIME" : "REEL", text(l.plate()), carrier.map(Partner::name).orElse(""),
          carrier.map(Partner::siret).map(Registers::text).orElse(""), "Collecte des encombrants (habitants)",
          text(l.originInsee()), text(l.originPoint()), l.site(), motif(l)));
    }
    return rows;
  }

  public static List<List<String>> outgoing(Period period, List<RegisterStore.Line> lines, ReferenceData ref) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(OUTGOING);
    for (RegisterStore.Line l : lines) {
      Optional<Partner> carrier = l.carrier() == null ? Optional.empty() : ref.partner(l.carrier());
      Optional<Partner> destination = l.destination() == null ? Optional.empty() : ref.partner(l.destination());
      rows.add(List.of(l.site() + "/" + l.ticket(), DAY.format(l.at().atZone(Period.ZONE)), l.wasteCode(),
          LABELS.getOrDefault(l.wasteCode(), ""), l.wasteCode().endsWith("*") ? "OUI" : "NON", Csv.tonnes(l.netKg()),
          l.manual() ? "ESTIME" : "REEL", text(l.plate()), carrier.map(Partner::name).orElse(""),
          carrier.map(Partner::siret).map(Registers::text).orElse(""), destination.map(Partner::name).orElse(""),
          destination.map(Partner::siret).map(Registers::text).orElse(""), text(l.operation()), done(l), text(l.mode()),
          l.site(), text(l.incomingTickets()), motif(l)));
    }
    return rows;
  }

  /** The treatment done: the lot's code when final; its final operations once known (D 9 becomes D 9 F). */
  private static String done(RegisterStore.Line l) {
    if (l.operation() == null) {
      return "";
    }
    OperationCode op = OperationCode.parse(l.operation()).orElseThrow();
    if (op.isFinal()) {
      return op.toString();
    }
    if (l.finals() == null) {
      return "";
    }
    String finals = l.finals();
    return op.toString().equals("D 9") ? "D 9 F (" + finals + ")" : finals;
  }

  /** Empty for the closing of a ticket; MODIFIER for a correction, ANNULER for a void. */
  private static String motif(RegisterStore.Line l) {
    if (!l.cause().startsWith("revision:")) {
      return "";
    }
    return "VOID".equals(l.status()) ? "ANNULER" : "MODIFIER";
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
