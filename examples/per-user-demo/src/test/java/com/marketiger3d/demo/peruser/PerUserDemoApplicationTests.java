package com.marketiger3d.demo.peruser;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.web.ReconnectExceptionHandler;
import com.marketiger3d.demo.peruser.DemoBrowser.Page;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.MutableClock;
import com.marketiger3d.simulator.SimulatorCounters;
import com.marketiger3d.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the demo application, end to end: a browser per demo user signs in through
 * the login page, connects a MarkeTiger account through the form, and reads its projects,
 * against the test starter's simulator. The simulator's accounts have canary passwords,
 * so that any place they leak to shows. A clock shared by the starter and the simulator
 * is moved instead of sleeping.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMarketigerSimulator(
		accounts = { PerUserDemoApplicationTests.ALICE_EMAIL + ":" + PerUserDemoApplicationTests.ALICE_PASSWORD,
				PerUserDemoApplicationTests.BOB_EMAIL + ":" + PerUserDemoApplicationTests.BOB_PASSWORD },
		serviceAccount = false)
@AutoConfigureWebTestClient(timeout = PerUserDemoApplicationTests.TIMEOUT)
@Import(PerUserDemoApplicationTests.DemoClock.class)
@ExtendWith(OutputCaptureExtension.class)
class PerUserDemoApplicationTests {

	/** Generous for a loaded build machine: a deadline, not a pace. */
	static final String TIMEOUT = "PT1M";

	static final String ALICE_EMAIL = "alice@marketiger3d.test";

	static final String ALICE_PASSWORD = "canary-alice-3f9d27c1";

	static final String BOB_EMAIL = "bob@marketiger3d.test";

	static final String BOB_PASSWORD = "canary-bob-8e41b06a";

	static final String WRONG_PASSWORD = "canary-wrong-5a7c93e2";

	/** The demo's {@code marketiger.auth.sessions.connect-uri}. */
	static final String CONNECT_URI = "/connect?reconnect=true";

	/** Requests per user in each burst of concurrent requests. */
	private static final int REQUESTS_PER_USER = 16;

	private static final Pattern PROJECT_ID = Pattern.compile("class=\"project-id\">([^<]+)<");

	private static List<String> aliceProjectIds;

	private static List<String> bobProjectIds;

	@Autowired
	private WebTestClient web;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MarketigerSimulator simulator;

	@Autowired
	private TokenSessions sessions;

	@Autowired
	private TokenStore store;

	private DemoBrowser alice;

	private DemoBrowser bob;

	/**
	 * What the simulator answers each account, asked directly of another simulator with
	 * the same accounts (identifiers derive from the account, so they are the same).
	 */
	@BeforeAll
	static void readEachAccountsProjectIds() {
		try (MarketigerSimulator other = MarketigerSimulator.start(SimulatorSettings.builder()
			.accounts(new Account(ALICE_EMAIL, ALICE_PASSWORD), new Account(BOB_EMAIL, BOB_PASSWORD))
			.build())) {
			aliceProjectIds = projectIds(other, ALICE_EMAIL, ALICE_PASSWORD);
			bobProjectIds = projectIds(other, BOB_EMAIL, BOB_PASSWORD);
		}
		assertThat(aliceProjectIds).hasSize(3).doesNotContainAnyElementsOf(bobProjectIds);
	}

	@BeforeEach
	void signInBothUsersWithNoAccountConnected() {
		this.alice = new DemoBrowser(this.web).signIn("alice", "alice-password");
		this.bob = new DemoBrowser(this.web).signIn("bob", "bob-password");
		for (DemoBrowser browser : List.of(this.alice, this.bob)) {
			assertThat(browser.submit("/", "/disconnect", Map.of()).status().is3xxRedirection()).isTrue();
		}
		this.simulator.counters().reset();
	}

	@AfterEach
	void noPasswordEverReachesTheOutput(CapturedOutput output) {
		assertThat(output).doesNotContain(ALICE_PASSWORD).doesNotContain(BOB_PASSWORD).doesNotContain(WRONG_PASSWORD);
	}

	@Test
	void anonymousVisitorsAreSentToTheLoginPage() {
		DemoBrowser anonymous = new DemoBrowser(this.web);
		for (String path : List.of("/", "/connect", "/projects")) {
			Page page = anonymous.get(path);
			assertThat(page.status()).as(path).isEqualTo(HttpStatus.FOUND);
			assertThat(page.location()).as(path).hasToString("/login");
		}
		assertThat(anonymous.get("/login").body()).contains("name=\"username\"").contains("name=\"_csrf\"");
	}

	@Test
	void theHomePageSaysWhoIsSignedInAndWhetherTheyAreConnected() {
		Page home = this.alice.get("/");
		assertThat(home.text("user")).isEqualTo("alice");
		assertThat(home.body()).contains("id=\"not-connected\"").doesNotContain("id=\"connected\"");
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		home = this.alice.get("/");
		assertThat(home.body()).contains("id=\"connected\"").contains(ALICE_EMAIL);
		assertThat(this.bob.get("/").body()).contains("id=\"not-connected\"");
	}

	@Test
	void wrongCredentialsShowAMessageAndStoreNothing() {
		Page page = this.alice.submit("/connect", "/connect", Map.of("email", ALICE_EMAIL, "password", WRONG_PASSWORD));
		assertThat(page.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(page.text("message")).isEqualTo(AccountController.REJECTED);
		assertThat(page.body()).contains("value=\"" + ALICE_EMAIL + "\"").doesNotContain(WRONG_PASSWORD);
		assertThat(this.store.load("alice").blockOptional(Duration.parse(TIMEOUT))).isEmpty();
		assertThat(this.simulator.counters().failedLogins()).isOne();
		assertThat(this.simulator.counters().logins()).isZero();
		assertThat(this.alice.get("/").body()).contains("id=\"not-connected\"");
	}

	@Test
	void aFormWithoutEmailOrPasswordIsNotSent() {
		Page page = this.alice.submit("/connect", "/connect", Map.of("email", ALICE_EMAIL, "password", ""));
		assertThat(page.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(page.text("message")).isEqualTo(AccountController.MISSING);
		assertThat(this.simulator.counters().failedLogins()).isZero();
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("email", ALICE_EMAIL);
		form.add("password", ALICE_PASSWORD);
		assertThat(this.alice.post("/connect", form).status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(this.simulator.counters().logins()).isZero();
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		assertThat(this.alice.post("/disconnect", new LinkedMultiValueMap<>()).status())
			.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(this.store.load("alice").blockOptional(Duration.parse(TIMEOUT))).isPresent();
	}

	@Test
	void aUserWhoIsNotConnectedIsSentToConnect() {
		Page projects = this.bob.get("/projects");
		assertThat(projects.status()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(projects.location()).isEqualTo(URI.create(CONNECT_URI));
		Page connect = this.bob.get(CONNECT_URI);
		assertThat(connect.text("message")).isEqualTo(AccountController.NOT_CONNECTED);
		assertThat(this.simulator.counters().apiCallsOk() + this.simulator.counters().apiCallsUnauthorized())
			.as("no request without a token reaches the API")
			.isZero();
	}

	@Test
	void aClientThatAsksForJsonIsToldWhereToConnectWithA401() {
		Page projects = this.bob.get("/projects", MediaType.APPLICATION_JSON_VALUE);
		assertThat(projects.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(projects.location()).isNull();
		assertThat(projects.body()).contains("\"title\":\"" + ReconnectExceptionHandler.TITLE + "\"")
			.contains("\"connectUri\":\"" + CONNECT_URI + "\"")
			.doesNotContain("bob");
	}

	@Test
	void aUserWhoseSessionCanNoLongerBeRenewedIsDisconnectedAndSentToConnect() {
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		assertThat(this.alice.get("/projects").status()).isEqualTo(HttpStatus.OK);
		// Past the refresh token's 12 hours: no password is kept, so nothing renews it
		this.clock.advance(Duration.ofHours(13));
		Page projects = this.alice.get("/projects");
		assertThat(projects.status()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(projects.location()).isEqualTo(URI.create(CONNECT_URI));
		assertThat(this.store.load("alice").blockOptional(Duration.parse(TIMEOUT))).isEmpty();
		Page home = this.alice.get("/");
		assertThat(home.body()).contains("id=\"not-connected\"").doesNotContain(ALICE_EMAIL);
		assertThat(this.alice.get(CONNECT_URI).body()).doesNotContain(ALICE_EMAIL);
	}

	@Test
	void eachUserSeesTheirOwnProjectsUnderConcurrentRequests() {
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		connect(this.bob, BOB_EMAIL, BOB_PASSWORD);
		List<Page> pages = projectsConcurrently();
		String aliceFingerprint = fingerprint("alice");
		String bobFingerprint = fingerprint("bob");
		assertThat(aliceFingerprint).isNotEqualTo(bobFingerprint);
		assertPagesOfTheirOwnUsers(pages, aliceFingerprint, bobFingerprint);
		SimulatorCounters counters = this.simulator.counters();
		assertThat(counters.logins()).isEqualTo(2);
		assertThat(counters.apiCallsOk()).isEqualTo(2 * REQUESTS_PER_USER);
		assertThat(counters.apiCallsUnauthorized()).isZero();
		assertThat(counters.refreshes()).isZero();
	}

	@Test
	void eachSessionIsRefreshedOnceWhenItsAccessTokenExpired() {
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		connect(this.bob, BOB_EMAIL, BOB_PASSWORD);
		assertThat(this.alice.get("/projects").status()).isEqualTo(HttpStatus.OK);
		assertThat(this.bob.get("/projects").status()).isEqualTo(HttpStatus.OK);
		String aliceBefore = fingerprint("alice");
		String bobBefore = fingerprint("bob");
		// Past the 30-second tokens' expiry: each session's callers wait for its one
		// refresh
		this.clock.advance(Duration.ofSeconds(31));
		List<Page> pages = projectsConcurrently();
		String aliceAfter = fingerprint("alice");
		String bobAfter = fingerprint("bob");
		assertThat(aliceAfter).isNotEqualTo(aliceBefore).isNotEqualTo(bobAfter);
		assertThat(bobAfter).isNotEqualTo(bobBefore);
		assertPagesOfTheirOwnUsers(pages, aliceAfter, bobAfter);
		SimulatorCounters counters = this.simulator.counters();
		assertThat(counters.logins()).as("no new login: the sessions were refreshed").isEqualTo(2);
		assertThat(counters.refreshes()).as("one refresh per session").isEqualTo(2);
		assertThat(counters.rejectedRefreshes()).isZero();
		assertThat(counters.revokedSessions()).isZero();
		assertThat(counters.apiCallsUnauthorized()).isZero();
	}

	@Test
	void disconnectForgetsTheSession() {
		connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD);
		assertThat(this.alice.get("/projects").status()).isEqualTo(HttpStatus.OK);
		Page disconnected = this.alice.submit("/", "/disconnect", Map.of());
		assertThat(disconnected.status().is3xxRedirection()).isTrue();
		assertThat(disconnected.location()).hasToString("/");
		assertThat(this.store.load("alice").blockOptional(Duration.parse(TIMEOUT))).isEmpty();
		assertThat(this.alice.get("/").body()).contains("id=\"not-connected\"");
		assertThat(this.alice.get("/projects").location()).isEqualTo(URI.create(CONNECT_URI));
		assertThat(this.simulator.counters().apiCallsOk()).isOne();
	}

	@Test
	void marketigerPasswordsAppearInNoOutputAndNoPageEvenWhileDebugging(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		Map<String, LogLevel> levels = Map.of("com.marketiger3d", LogLevel.TRACE, "org.springframework.web",
				LogLevel.DEBUG, "org.springframework.security", LogLevel.DEBUG, "reactor.netty.http", LogLevel.DEBUG);
		levels.forEach(logging::setLogLevel);
		try {
			List<Page> pages = new ArrayList<>();
			pages.add(this.alice.submit("/connect", "/connect",
					Map.of("email", ALICE_EMAIL, "password", WRONG_PASSWORD)));
			pages.add(connect(this.alice, ALICE_EMAIL, ALICE_PASSWORD));
			pages.add(connect(this.bob, BOB_EMAIL, BOB_PASSWORD));
			pages.add(this.alice.get("/projects"));
			this.clock.advance(Duration.ofSeconds(31));
			pages.add(this.bob.get("/projects"));
			pages.add(this.alice.submit("/", "/disconnect", Map.of()));
			pages.add(this.alice.get("/projects"));
			assertThat(pages).extracting(Page::body)
				.allSatisfy((body) -> assertThat(body).doesNotContain(ALICE_PASSWORD)
					.doesNotContain(BOB_PASSWORD)
					.doesNotContain(WRONG_PASSWORD));
		}
		finally {
			levels.keySet().forEach((name) -> logging.setLogLevel(name, null));
		}
		assertThat(output).contains("MarkeTiger account connected for session 'alice'")
			.contains("MarkeTiger token refresh for session 'bob'")
			.doesNotContain(ALICE_PASSWORD)
			.doesNotContain(BOB_PASSWORD)
			.doesNotContain(WRONG_PASSWORD);
	}

	private Page connect(DemoBrowser browser, String email, String password) {
		Page connected = browser.submit("/connect", "/connect", Map.of("email", email, "password", password));
		assertThat(connected.status().is3xxRedirection()).as(connected.body()).isTrue();
		assertThat(connected.location()).hasToString("/projects");
		return connected;
	}

	/**
	 * {@link #REQUESTS_PER_USER} requests of each user, interleaved, all in flight at
	 * once.
	 */
	private List<Page> projectsConcurrently() {
		return Flux.range(0, 2 * REQUESTS_PER_USER)
			.flatMapSequential(
					(request) -> Mono.fromSupplier(() -> ((request % 2 == 0) ? this.alice : this.bob).get("/projects"))
						.subscribeOn(Schedulers.boundedElastic()),
					2 * REQUESTS_PER_USER)
			.collectList()
			.block(Duration.ofMinutes(2));
	}

	/**
	 * Even pages are alice's, odd ones bob's: each must list its own account's projects
	 * only, and name its own account and token.
	 */
	private void assertPagesOfTheirOwnUsers(List<Page> pages, String aliceFingerprint, String bobFingerprint) {
		assertThat(pages).hasSize(2 * REQUESTS_PER_USER);
		for (int i = 0; i < pages.size(); i++) {
			Page page = pages.get(i);
			boolean alicesPage = i % 2 == 0;
			assertThat(page.status()).as(page.body()).isEqualTo(HttpStatus.OK);
			assertThat(projectIds(page)).as("projects on " + (alicesPage ? "alice's" : "bob's") + " page " + i)
				.containsExactlyElementsOf(alicesPage ? aliceProjectIds : bobProjectIds);
			assertThat(page.text("email")).isEqualTo(alicesPage ? ALICE_EMAIL : BOB_EMAIL);
			assertThat(page.text("fingerprint")).isEqualTo(alicesPage ? aliceFingerprint : bobFingerprint);
		}
	}

	private String fingerprint(String user) {
		return this.sessions.session(user).currentTokens().map(TokenPair::accessTokenFingerprint).orElse("none");
	}

	private static List<String> projectIds(Page page) {
		List<String> ids = new ArrayList<>();
		Matcher id = PROJECT_ID.matcher(page.body());
		while (id.find()) {
			ids.add(id.group(1));
		}
		return ids;
	}

	private static List<String> projectIds(MarketigerSimulator simulator, String email, String password) {
		WebClient api = WebClient.create(simulator.baseUrl());
		JsonNode login = api.post()
			.uri("/Auth/Login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.block(Duration.parse(TIMEOUT));
		String accessToken = login.path("data").path("accessToken").asString();
		JsonNode projects = api.get()
			.uri("/Project/GetProjects")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.block(Duration.parse(TIMEOUT));
		List<String> ids = new ArrayList<>();
		projects.path("data").path("projects").forEach((project) -> ids.add(project.path("projectId").asString()));
		return ids;
	}

	/**
	 * The application's only {@code Clock}: the starter and the embedded simulator both
	 * read it, and the test moves it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DemoClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
		}

	}

}
