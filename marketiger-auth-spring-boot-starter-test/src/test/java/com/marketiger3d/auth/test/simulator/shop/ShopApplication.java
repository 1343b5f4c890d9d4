package com.marketiger3d.auth.test.simulator.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A tiny shop that orders models through the starter: what a user's application looks
 * like to the test starter.
 */
@SpringBootApplication(proxyBeanMethods = false)
class ShopApplication {

}
