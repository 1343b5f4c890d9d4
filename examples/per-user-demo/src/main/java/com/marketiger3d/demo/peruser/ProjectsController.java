package com.marketiger3d.demo.peruser;

import java.security.Principal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration;
import com.marketiger3d.auth.token.MarketigerAccountNotConnectedException;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * The signed-in user's MarkeTiger projects, through the starter's
 * {@code marketigerWebClient}. The code names no user and no token: the starter's filter
 * takes the user from the security context of the request being served and sends that
 * user's token. A user whose account is not connected, or can no longer be renewed, is
 * sent to {@code /connect} by the starter ({@code marketiger.auth.sessions.connect-uri}):
 * a browser is redirected there, another client gets a {@code 401}.
 */
@Controller
class ProjectsController {

	private static final Log logger = LogFactory.getLog(ProjectsController.class);

	private final WebClient marketiger;

	private final TokenSessions sessions;

	private final ConnectedAccounts accounts;

	ProjectsController(@Qualifier(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME) WebClient marketiger,
			TokenSessions sessions, ConnectedAccounts accounts) {
		this.marketiger = marketiger;
		this.sessions = sessions;
		this.accounts = accounts;
	}

	@GetMapping("/projects")
	Mono<Rendering> projects(Principal principal) {
		String user = principal.getName();
		return this.marketiger.get()
			.uri("/Project/GetProjects")
			.retrieve()
			.bodyToMono(JsonNode.class)
			.map((envelope) -> page(user, projects(envelope)).build())
			.onErrorResume(MarketigerAccountNotConnectedException.class, (ex) -> forget(user).then(Mono.error(ex)))
			.onErrorResume(ProjectsController::isFailedCall, (ex) -> failed(user, ex));
	}

	/**
	 * Nothing can renew the session: forget what is left of it, so that the home page
	 * says "not connected". The exception goes on to the starter's handler.
	 */
	private Mono<Void> forget(String user) {
		return this.sessions.disconnect(user).then(Mono.fromRunnable(() -> this.accounts.forget(user)));
	}

	/**
	 * The API could not be reached or answered an error, or a token could not be had for
	 * now. Not a session that needs a new login: the starter answers that one.
	 */
	private static boolean isFailedCall(Throwable ex) {
		return (ex instanceof MarketigerAuthException && !(ex instanceof ReauthenticationRequiredException))
				|| ex instanceof WebClientException;
	}

	private Mono<Rendering> failed(String user, Throwable ex) {
		logger.warn("demo: the projects of user '" + user + "' could not be read: " + ex.getMessage());
		return Mono.just(page(user, List.of()).status(HttpStatus.BAD_GATEWAY)
			.modelAttribute("error", "MarkeTiger could not be reached, or refused the request. Try again in a moment.")
			.build());
	}

	/**
	 * The page shows whose projects these are: the e-mail the user connected, and the
	 * fingerprint of the session's current access token (never the token).
	 */
	private Rendering.Builder<?> page(String user, List<Project> projects) {
		String email = this.accounts.emailOf(user);
		Optional<TokenPair> tokens = this.sessions.session(user).currentTokens();
		Rendering.Builder<?> page = Rendering.view("projects")
			.modelAttribute("user", user)
			.modelAttribute("email", (email != null) ? email : "")
			.modelAttribute("projects", projects);
		tokens.ifPresent((pair) -> page.modelAttribute("fingerprint", pair.accessTokenFingerprint())
			.modelAttribute("validUntil", pair.accessTokenExpiresAt().truncatedTo(ChronoUnit.SECONDS).toString()));
		return page;
	}

	/**
	 * The API answers {@code {"success": true, "data": {"projects": [...]}}}.
	 */
	private static List<Project> projects(JsonNode envelope) {
		List<Project> projects = new ArrayList<>();
		envelope.path("data")
			.path("projects")
			.forEach((project) -> projects
				.add(new Project(project.path("projectId").asString(), project.path("name").asString())));
		return projects;
	}

	record Project(String projectId, String name) {

	}

}
