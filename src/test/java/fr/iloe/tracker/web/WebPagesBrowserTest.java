package fr.iloe.tracker.web;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.firstOut;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real browser (headless Chromium), against a real tracker: sign in, a manual two-pass
 * weighing that shows on another open page without reload, a validation error next to its field (and nothing
 * stored), the member's figures equal to the API's in French formatting, the reports downloaded, and a basic
 * accessibility check. A screenshot of each page goes to target/screenshots/.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Web pages in headless Chromium: operators' weighing and lists, members' figures and reports, live")
class WebPagesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final String YEAR = String.valueOf(LocalDate.now(PARIS).getYear());
  private static Tracker tracker;
  private static Http admin;
  private static String base;
  private static String operatorToken;
  private static String memberToken;
  private static Path downloads;
  private static ChromeDriver operator;
  private static ChromeDriver watcher;
  private static ChromeDriver member;
  private static long started;

  /** On a failure, what each browser showed: target/screenshots/FAILED-{test}-{browser}.png. */
  @org.junit.jupiter.api.extension.RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher ON_FAILURE = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      String test = context.getRequiredTestMethod().getName();
      Map.of("operator", java.util.Optional.ofNullable(operator), "watcher", java.util.Optional.ofNullable(watcher),
          "member", java.util.Optional.ofNullable(member)).forEach((name, d) -> d.ifPresent(driver -> {
            try {
              Browser.screenshot(driver, "FAILED-" + test + "-" + name);
            } catch (RuntimeException e) {
              // the browser is gone: nothing to show
            }
          }));
    }
  };

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    Browser.clearFailures();
    started = System.nanoTime();
    tracker = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString(),
        "RATE_LIMIT_PER_SECOND", "0")));
    base = "http://127.0.0.1:" + tracker.httpPort() + "/";
    admin = new Http(tracker.httpPort(), TestEnv.TOKEN);
    operatorToken = token(new JsonObject().put("name", "Poste de pesée SP").put("role", "operator")
        .put("sites", new JsonArray().add("saint-priest")));
    memberToken = token(new JsonObject().put("name", "Adhérent p03").put("role", "member").put("partner", "p03"));
    seed();
    downloads = TestEnv.tempDir("iloe-downloads");
    operator = Browser.start(downloads);
    watcher = Browser.start(downloads);
    member = Browser.start(downloads);
  }

  @AfterAll
  static void stop() {
    Stream.of(operator, watcher, member).filter(d -> d != null).forEach(ChromeDriver::quit);
    if (admin != null) {
      admin.close();
    }
    if (tracker != null) {
      TestEnv.stop(tracker);
      System.out.printf("browser test class: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
  }

  private static String token(JsonObject body) {
    var r = admin.post("/api/v1/tokens", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token");
  }

  /**
   * The demo's convention parameters with compensation terms (the demo bundle has none, and a report needs
   * them), then some closed IN and OUT tickets, a reading and a quarantined message, so that every list has
   * something.
   */
  private static void seed() {
    assertEquals(200, admin.put("/api/v1/reference", new JsonObject("""
        {"conventionParameters": [{"effectiveFrom": "2019-01-01", "siegStart": "2019-01-01", "targetDate": "2026-12-31",
          "baselineRate": 0.20, "targetRate": 0.80, "annualTargetKg": 3000000, "headline": "global", "basis": "outbound",
          "money": {"unitRates": [{"activity": "COLLECTION", "centsPerTonne": 4500}, {"activity": "SORTING", "centsPerTonne": 8000}],
            "fixedAnnualCents": 36500000, "insertionHourlyCents": 1500, "insertionTargetHours": 11249, "fteHours": 1607,
            "materialSales": [], "repSupports": [], "reasonableProfitBp": 500, "bonusCentsPerPoint": 100000,
            "bonusCapCents": 2000000, "carryForwardBp": 1000, "massBalanceToleranceBp": 500}}]}
        """)).statusCode());
    // the operator's page lists today's tickets, today in Paris: the seed fits between Paris midnight and now
    // (two hours back, or less just after midnight, its steps shrunk to match)
    Instant now = Instant.now();
    Instant midnight = LocalDate.now(PARIS).atStartOfDay(PARIS).toInstant();
    long span = Math.min(7_200, Duration.between(midnight, now).toSeconds() - 2);
    Instant t = now.minusSeconds(span).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    java.util.function.LongFunction<Instant> at = offset -> t.plusSeconds(Math.max(1, offset * span / 7_200));
    for (int i = 0; i < 3; i++) {
      assertEquals(201, admin.post("/api/v1/passes", firstIn("seed-" + i + "a", "SEED-" + i, 18_460 + 1_000 * i,
          at.apply(60 * i))).statusCode());
      assertEquals(201, admin.post("/api/v1/passes", second("seed-" + i + "b", "SEED-" + i, 11_220,
          at.apply(60 * i + 600).plusSeconds(1))).statusCode());
    }
    assertEquals(201, admin.post("/api/v1/passes", firstOut("seed-out-a", "SEED-OUT", 9_840, t)).statusCode());
    assertEquals(201, admin.post("/api/v1/passes", second("seed-out-b", "SEED-OUT", 17_000, at.apply(900)))
        .statusCode());
    assertEquals(201, admin.post("/api/v1/readings", new JsonObject().put("key", "seed-fill-1").put("site", "saint-priest")
        .put("point", "cp-002").put("at", t.toString()).put("kind", "fill").put("fillPercent", 91)).statusCode());
    try (MqttClient mqtt = new MqttClient(tracker.mqttUrl())) {
      // readable, so the quarantine knows its site (an unreadable payload is kept without one)
      mqtt.publish("iloe/v1/sites/saint-priest/weighbridges/wb1/passes",
          firstIn("seed-bad", "SEED-BAD", 18_465, t).encode());
    }
    fr.iloe.tracker.Await.until("the broken message quarantined", Duration.ofSeconds(20),
        () -> fr.iloe.tracker.Fixtures.count(tracker.pool(), "SELECT count(*) FROM quarantine") == 1);
  }

  /** A wait that polls again when the live page re-rendered the element it was reading (a stale reference). */
  private static WebDriverWait waitOn(ChromeDriver d) {
    WebDriverWait wait = new WebDriverWait(d, WAIT);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static void signIn(ChromeDriver d, String token, String page) {
    d.get(base);
    waitOn(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
    d.findElement(By.id("signin-submit")).click();
    waitOn(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("page-" + page)));
    waitOn(d).until(x -> "on".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
  }

  /** An element's text, its no-break spaces as plain ones (WebDriver turns some into spaces, not all). */
  private static String text(ChromeDriver d, String css) {
    return plain(d.findElement(By.cssSelector(css)).getText());
  }

  private static String plain(String s) {
    return s.replace('\u00a0', ' ').replace('\u202f', ' ');
  }

  private static void fill(ChromeDriver d, String id, String value) {
    WebElement e = d.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /** Masses in tonnes as the French pages write them: narrow no-break spaces, a comma, three decimals. */
  static String frenchTonnes(long kg) {
    String whole = String.format(java.util.Locale.ROOT, "%,d", Math.abs(kg) / 1000).replace(',', '\u202f');
    return (kg < 0 ? "-" : "") + whole + "," + String.format("%03d", Math.abs(kg) % 1000) + "\u00a0t";
  }

  private static long passes() {
    return fr.iloe.tracker.Fixtures.count(tracker.pool(), "SELECT count(*) FROM pass");
  }

  @Test
  @Order(1)
  @DisplayName("the sign-in page is French, every field has a label; an operator signs in and sees its site's lists")
  void signInAndAccessibility() {
    operator.get(base);
    WebElement token = waitOn(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertEquals("fr", operator.findElement(By.tagName("html")).getDomAttribute("lang"));
    assertEquals("Jeton d'accès", operator.findElement(By.cssSelector("label[for=token]")).getText());
    Browser.screenshot(operator, "01-sign-in");

    token.sendKeys("not-a-real-token-0000");
    operator.findElement(By.id("signin-submit")).click();
    waitOn(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "refusé"));
    assertEquals("true", operator.findElement(By.id("token")).getDomAttribute("aria-invalid"));

    signIn(operator, operatorToken, "operator");
    assertTrue(operator.getCurrentUrl().endsWith("#/operator"), operator.getCurrentUrl());
    assertTrue(!operator.getCurrentUrl().contains(operatorToken) && !operator.getCurrentUrl().contains("token"));
    waitOn(operator).until(x -> text(operator, "#tickets-table tbody").contains("SEED-2"));
    waitOn(operator).until(x -> text(operator, "#points-table").contains("cp-002"));
    assertTrue(text(operator, "#points-table").contains("À collecter"), text(operator, "#points-table"));
    waitOn(operator).until(x -> text(operator, "#quarantine-table").contains("invalid"));
    assertTrue(text(operator, "#quarantine-table").contains("weightKg: must be a multiple of the bridge division"));
    assertTrue(operator.findElement(By.id("nav")).getDomAttribute("hidden") != null, "an operator has one page");

    // every form control of every page has a label, or an accessible name
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) ((JavascriptExecutor) operator).executeScript("""
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden')
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
          .map(e => e.id || e.name || e.outerHTML);""");
    assertEquals(List.of(), unlabelled);
    // the keyboard goes through the weighing form, field after field, to its button
    operator.findElement(By.id("f-ticket")).click();
    List<String> visited = new ArrayList<>();
    for (int i = 0; i < 30 && !visited.contains("weigh-submit"); i++) {
      operator.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
      visited.add(operator.switchTo().activeElement().getDomAttribute("id"));
    }
    assertTrue(visited.containsAll(List.of("f-bridge", "f-at", "f-weightKg", "f-direction", "f-plate", "f-carrier",
        "f-wasteCode", "f-manual", "f-manualReason", "weigh-submit")), visited.toString());
    Browser.screenshot(operator, "02-operator");
  }

  @Test
  @Order(2)
  @DisplayName("a refused weighing shows the API's messages next to the fields, and stores nothing")
  void validationErrorNextToField() {
    long before = passes();
    operator.findElement(By.id("seq-first")).click();
    fill(operator, "f-plate", "ZZ-999-ZZ");
    fill(operator, "f-weightKg", "18465");
    operator.findElement(By.id("f-manualReason")).clear();
    operator.findElement(By.id("weigh-submit")).click();

    WebElement weightError = waitOn(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("err-weightKg")));
    assertTrue(weightError.getText().contains("must be a multiple of the bridge division (20 kg)"), weightError.getText());
    assertEquals("true", operator.findElement(By.id("f-weightKg")).getDomAttribute("aria-invalid"));
    assertTrue(operator.findElement(By.id("f-weightKg")).getDomAttribute("aria-describedby").contains("err-weightKg"));
    assertEquals("is required for a manual weight", text(operator, "#err-manualReason"));
    assertEquals("f-weightKg", operator.switchTo().activeElement().getDomAttribute("id"), "focus goes to the first error");
    assertTrue(text(operator, "#weigh-summary").contains("refusée"));
    assertEquals(before, passes(), "nothing stored");
    Browser.screenshot(operator, "03-operator-validation");
  }

  @Test
  @Order(3)
  @DisplayName("a manual two-pass weighing: the stored tare shows, and a second open page sees the vehicle then the ticket, without reload")
  void manualTwoPassWeighingSeenLive() {
    signIn(watcher, TestEnv.TOKEN, "operator");
    ((JavascriptExecutor) watcher).executeScript("window.__sameDocument = true;");
    operator.findElement(By.id("weigh-reset")).click();
    String ticket = operator.findElement(By.id("f-ticket")).getDomProperty("value");
    fill(operator, "f-plate", "AB-123-CD");
    waitOn(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("tare-info"), "11,200"));
    assertTrue(text(operator, "#tare-info").startsWith("Tare enregistrée : 11,200 t, valable jusqu"),
        text(operator, "#tare-info"));
    new org.openqa.selenium.support.ui.Select(operator.findElement(By.id("f-origin"))).selectByValue("cp-001");
    fill(operator, "f-weightKg", "18460");
    fill(operator, "f-manualReason", "Borne du pont 1 en panne");
    operator.findElement(By.id("weigh-submit")).click();
    waitOn(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("weigh-result"), "ouvert"));
    assertTrue(text(operator, "#weigh-result").contains("18,460 t"), text(operator, "#weigh-result"));
    assertTrue(operator.findElement(By.id("seq-second")).isSelected(), "the form goes on with the second weighing");
    assertEquals(ticket, operator.findElement(By.id("f-ticket")).getDomProperty("value"));

    // the other page: the vehicle is on site, without a reload
    waitOn(watcher).until(x -> text(watcher, "#vehicles-table tbody").contains(ticket));
    Browser.screenshot(watcher, "04-operator-live-vehicle");

    fill(operator, "f-weightKg", "11220");
    operator.findElement(By.id("weigh-submit")).click();
    waitOn(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("weigh-result"), "clos"));
    assertTrue(text(operator, "#weigh-result").contains("net 7,240 t"), text(operator, "#weigh-result"));

    waitOn(watcher).until(x -> {
      List<WebElement> rows = watcher.findElements(By.cssSelector("#tickets-table tr[data-ticket='" + ticket + "']"));
      return !rows.isEmpty() && plain(rows.get(0).getText()).contains("Clos") && plain(rows.get(0).getText()).contains("7,240 t");
    });
    waitOn(watcher).until(x -> !text(watcher, "#vehicles-table").contains(ticket));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) watcher).executeScript("return window.__sameDocument === true;"),
        "the page was not reloaded");
    Browser.screenshot(watcher, "05-operator-live-ticket");

    JsonObject stored = admin.get("/api/v1/tickets/saint-priest/" + ticket).bodyAsJsonObject();
    assertEquals("CLOSED", stored.getString("status"));
    assertEquals(7_240L, stored.getLong("netKg"));
    assertEquals(Boolean.TRUE, stored.getBoolean("manual"));
    assertTrue(stored.getJsonArray("passes").stream().allMatch(p -> ((JsonObject) p).getBoolean("manual")
        && "Borne du pont 1 en panne".equals(((JsonObject) p).getString("manualReason"))), stored.encode());
  }

  @Test
  @Order(4)
  @DisplayName("a member's page shows the API's figures in tonnes, French style, moves live, and reads in English")
  void memberFigures() {
    signIn(member, memberToken, "member");
    JsonArray byActivity = new Http(tracker.httpPort(), memberToken).get("/api/v1/tonnages?period=" + YEAR
        + "&groupBy=activity&partner=p03").bodyAsJsonObject().getJsonArray("rows");
    long mine = byActivity.stream().mapToLong(r -> ((JsonObject) r).getLong("kg")).sum();
    assertTrue(mine > 0);
    waitOn(member).until(x -> text(member, "#m-partner-total").equals(plain(frenchTonnes(mine))));
    assertEquals(frenchTonnes(mine), ((JavascriptExecutor) member).executeScript(
        "return document.getElementById('m-partner-total').textContent"), "grouped by narrow no-break spaces");
    JsonArray byMonth = new Http(tracker.httpPort(), memberToken).get("/api/v1/tonnages?period=" + YEAR
        + "&groupBy=month&partner=p03").bodyAsJsonObject().getJsonArray("rows");
    for (Object o : byMonth) {
      JsonObject r = (JsonObject) o;
      assertTrue(text(member, "#m-months tr[data-month='" + r.getString("month") + "'] td").equals(plain(frenchTonnes(r.getLong("kg")))),
          r.encode());
    }
    assertTrue(member.findElement(By.cssSelector("#m-chart svg")).findElements(By.tagName("rect")).size() > 1);
    assertTrue(text(member, "#m-rates").contains("%"));
    Browser.screenshot(member, "06-member");

    // a ticket closed elsewhere moves the member's figures without a reload (p03 sorts 45 % of it)
    Instant t = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    admin.post("/api/v1/passes", firstIn("live-m-a", "LIVE-M", 21_000, t));
    admin.post("/api/v1/passes", second("live-m-b", "LIVE-M", 11_000, t.plusSeconds(60)));
    waitOn(member).until(x -> text(member, "#m-partner-total").equals(plain(frenchTonnes(mine + 4_500))));

    member.findElement(By.id("lang")).click();
    waitOn(member).until(x -> "en".equals(member.findElement(By.tagName("html")).getDomAttribute("lang")));
    waitOn(member).until(x -> text(member, "#share-title").equals("Share of the cooperative's"));
    waitOn(member).until(x -> text(member, "#m-partner-total").matches("[0-9,]+\\.[0-9]{3} t"));
    Browser.screenshot(member, "07-member-english");
    member.findElement(By.id("lang")).click();
    waitOn(member).until(x -> "fr".equals(member.findElement(By.tagName("html")).getDomAttribute("lang")));
  }

  @Test
  @Order(5)
  @DisplayName("a member downloads its compensation report as PDF and CSV, the token sent in a header")
  void reportDownload() throws IOException {
    fill(member, "r-period", YEAR);
    member.findElement(By.id("dl-pdf")).click();
    Path pdf = downloads.resolve("compensation-" + YEAR + "-p03.pdf");
    waitOn(member).until(x -> Files.exists(pdf) && sizeOf(pdf) > 0);
    byte[] bytes = Files.readAllBytes(pdf);
    assertEquals("%PDF-", new String(bytes, 0, 5, StandardCharsets.US_ASCII));
    waitOn(member).until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-status"), "téléchargé"));

    member.findElement(By.id("dl-csv")).click();
    Path csv = downloads.resolve("compensation-" + YEAR + "-p03.csv");
    waitOn(member).until(x -> Files.exists(csv) && sizeOf(csv) > 0);
    String content = Files.readString(csv, StandardCharsets.UTF_8);
    assertTrue(content.contains("p03"), content);

    fill(member, "r-period", "2026-13");
    member.findElement(By.id("dl-json")).click();
    WebElement error = waitOn(member).until(ExpectedConditions.visibilityOfElementLocated(By.id("err-period")));
    assertTrue(error.getText().contains("must be a year"), error.getText());
    Browser.screenshot(member, "08-member-reports");
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(downloads)) {
      s.forEach(p -> files.add(p.getFileName().toString()));
    }
    assertTrue(files.stream().noneMatch(f -> f.endsWith(".crdownload")), files.toString());
  }

  @Test
  @Order(6)
  @DisplayName("no page logged a script error or a Content-Security-Policy violation")
  void noConsoleErrors() {
    assertEquals(List.of(), Browser.consoleErrors(operator));
    assertEquals(List.of(), Browser.consoleErrors(watcher));
    assertEquals(List.of(), Browser.consoleErrors(member));
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
