package com.marketiger3d.auth.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.RefreshTokenReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Spring Security's OAuth2 client doing the same job: an authorized client held in an
 * {@link InMemoryReactiveOAuth2AuthorizedClientService}, kept fresh by a
 * {@link RefreshTokenReactiveOAuth2AuthorizedClientProvider} against a standard token
 * endpoint, and put on requests by
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}. Without a security context
 * the filter acts for the anonymous user, so the authorized client is saved under that
 * principal.
 */
final class SpringSecurityFixture {

	static final String REGISTRATION_ID = "marketiger";

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final ClientRegistration registration;

	final InMemoryReactiveOAuth2AuthorizedClientService authorizedClients;

	final ServerOAuth2AuthorizedClientExchangeFilterFunction filter;

	SpringSecurityFixture(String tokenUri, String accessToken, String refreshToken) {
		this.registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("benchmarks")
			.clientSecret("benchmarks-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri)
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				this.registration);
		this.authorizedClients = new InMemoryReactiveOAuth2AuthorizedClientService(registrations);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, this.authorizedClients);
		manager.setAuthorizedClientProvider(new RefreshTokenReactiveOAuth2AuthorizedClientProvider());
		this.filter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager);
		this.filter.setDefaultClientRegistrationId(REGISTRATION_ID);
		Instant now = Instant.now();
		save(accessToken, now, now.plus(Duration.ofDays(1)), refreshToken);
	}

	/**
	 * Put the current authorized client back with its access token expired a second ago,
	 * as if a storm of callers arrived just after it expired.
	 */
	void expireAccessToken() {
		OAuth2AuthorizedClient current = Objects
			.requireNonNull(this.authorizedClients.loadAuthorizedClient(REGISTRATION_ID, ANONYMOUS.getName()).block());
		OAuth2RefreshToken refreshToken = Objects.requireNonNull(current.getRefreshToken());
		Instant now = Instant.now();
		save(current.getAccessToken().getTokenValue(), now.minus(Duration.ofMinutes(5)), now.minusSeconds(1),
				refreshToken.getTokenValue());
	}

	String accessToken() {
		OAuth2AuthorizedClient current = Objects
			.requireNonNull(this.authorizedClients.loadAuthorizedClient(REGISTRATION_ID, ANONYMOUS.getName()).block());
		return current.getAccessToken().getTokenValue();
	}

	private void save(String accessToken, Instant issuedAt, Instant expiresAt, String refreshToken) {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(this.registration, ANONYMOUS.getName(),
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issuedAt, expiresAt),
				new OAuth2RefreshToken(refreshToken, issuedAt));
		this.authorizedClients.saveAuthorizedClient(client, ANONYMOUS).block();
	}

}
