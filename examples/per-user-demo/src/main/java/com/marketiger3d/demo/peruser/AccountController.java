package com.marketiger3d.demo.peruser;

import java.security.Principal;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.token.TokenSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * The signed-in user's MarkeTiger connection: the home page says whether it exists,
 * {@code /connect} makes it (e-mail and password go to Login once, through
 * {@link TokenSessions#connect}, and are not kept), {@code /disconnect} ends it. The
 * session key is always the signed-in user's name, the key the starter's filter reads
 * from the security context.
 */
@Controller
class AccountController {

	static final String NOT_CONNECTED = "Your MarkeTiger account is not connected, or has to be connected again."
			+ " Enter its e-mail and password.";

	static final String REJECTED = "MarkeTiger did not accept this e-mail and password.";

	static final String MISSING = "Enter your MarkeTiger e-mail and password.";

	static final String UNAVAILABLE = "MarkeTiger could not be reached. Try again in a moment.";

	private static final Log logger = LogFactory.getLog(AccountController.class);

	private final TokenSessions sessions;

	private final ConnectedAccounts accounts;

	AccountController(TokenSessions sessions, ConnectedAccounts accounts) {
		this.sessions = sessions;
		this.accounts = accounts;
	}

	/**
	 * Connected means the starter holds a token pair for the user that can still be used
	 * or refreshed.
	 */
	@GetMapping("/")
	Mono<Rendering> home(Principal principal) {
		String user = principal.getName();
		return this.sessions.isConnected(user)
			.map((connected) -> Rendering.view("home")
				.modelAttribute("user", user)
				.modelAttribute("connected", connected)
				.modelAttribute("email", emailOf(user))
				.build());
	}

	@GetMapping("/connect")
	Rendering connectForm(Principal principal, @RequestParam(defaultValue = "false") boolean reconnect) {
		String user = principal.getName();
		return form(user, emailOf(user), reconnect ? NOT_CONNECTED : null, HttpStatus.OK);
	}

	@PostMapping("/connect")
	Mono<Rendering> connect(Principal principal, ServerWebExchange exchange) {
		String user = principal.getName();
		return exchange.getFormData().flatMap((form) -> connect(user, form));
	}

	@PostMapping("/disconnect")
	Mono<Rendering> disconnect(Principal principal) {
		String user = principal.getName();
		return this.sessions.disconnect(user)
			.then(Mono.fromRunnable(() -> this.accounts.forget(user)))
			.then(Mono.fromSupplier(() -> Rendering.redirectTo("/").build()));
	}

	/**
	 * The password goes into {@link Credentials} (whose {@code toString} masks it) and
	 * nowhere else: not into the model, a log line or a message.
	 */
	private Mono<Rendering> connect(String user, MultiValueMap<String, String> form) {
		String email = trimmed(form.getFirst("email"));
		String password = form.getFirst("password");
		if (email.isEmpty() || !StringUtils.hasLength(password)) {
			return Mono.just(form(user, email, MISSING, HttpStatus.BAD_REQUEST));
		}
		return this.sessions.connect(user, new Credentials(email, password))
			.doOnNext((pair) -> this.accounts.remember(user, email))
			.map((pair) -> Rendering.redirectTo("/projects").build())
			.onErrorResume(InvalidCredentialsException.class, (ex) -> {
				logger.info("demo: MarkeTiger did not accept the account user '" + user + "' tried to connect");
				return Mono.just(form(user, email, REJECTED, HttpStatus.BAD_REQUEST));
			})
			.onErrorResume(MarketigerAuthException.class, (ex) -> {
				logger
					.warn("demo: could not connect the MarkeTiger account of user '" + user + "': " + ex.getMessage());
				return Mono.just(form(user, email, UNAVAILABLE, HttpStatus.BAD_GATEWAY));
			});
	}

	private static Rendering form(String user, String email, @Nullable String message, HttpStatus status) {
		Rendering.Builder<?> page = Rendering.view("connect")
			.status(status)
			.modelAttribute("user", user)
			.modelAttribute("email", email);
		if (message != null) {
			page.modelAttribute("message", message);
		}
		return page.build();
	}

	private String emailOf(String user) {
		String email = this.accounts.emailOf(user);
		return (email != null) ? email : "";
	}

	private static String trimmed(@Nullable String value) {
		return (value != null) ? value.trim() : "";
	}

}
