package com.marketiger3d.demo.peruser;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The application's own users: two in-memory demo users, form login and CSRF protection
 * (Spring Security's defaults, spelled out). A signed-in user's name is the key of their
 * MarkeTiger session: the starter reads it from the security context for each call.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults())
			.csrf(Customizer.withDefaults())
			.build();
	}

	/**
	 * Demo users only: the passwords are in the README.
	 */
	@Bean
	MapReactiveUserDetailsService userDetailsService() {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password(encoder.encode("alice-password")).roles("USER").build(),
				User.withUsername("bob").password(encoder.encode("bob-password")).roles("USER").build());
	}

}
