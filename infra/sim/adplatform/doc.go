// Package adplatform simulates the Meta Marketing API and the Google Ads
// API (with both platforms' OAuth) on one local HTTP server, for
// development and tests: our connectors speak the real HTTP APIs to it.
package adplatform
