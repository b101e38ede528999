// Which proxy a request goes through, as @actions/http-client decides it (HTTP_PROXY, HTTPS_PROXY,
// NO_PROXY and their lower-case forms; loopback never proxied; NO_PROXY entries are hosts, .domains,
// host:port or *), and how node:http reaches the target through it: a plain http URL is asked of the
// proxy in absolute form, an https one through a CONNECT tunnel (the `tunnel` package, as
// @actions/http-client does). The decision is the toolkit's own code, so the two never disagree.
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import type { Agent, RequestOptions } from 'node:http'
import * as tunnel from 'tunnel'

/**
 * The proxy for `url`, or undefined to go direct. Reads the environment as the toolkit does, but for
 * "proxy:8080" without a scheme, which it takes for the scheme "proxy:" and curl for http://proxy:8080.
 */
export function proxyFor(url: URL): URL | undefined {
  const proxy = getProxyUrl(url)
  if (!proxy) return undefined
  // A plain URL (the toolkit's decodes its user name and password, which proxyCredentials does once).
  return new URL(
    proxy.protocol === 'http:' || proxy.protocol === 'https:' ? proxy.href : `http://${proxy.href}`
  )
}

const defaultPort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80))

/** Credentials given in the proxy's URL (http://user:pass@proxy:3128), decoded: "user:pass". */
function proxyCredentials(proxy: URL): string | undefined {
  if (!proxy.username) return undefined
  return `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
}

/** The node:http options that send a request for `url` through `proxy`. */
export function viaProxy(url: URL, proxy: URL, headers: Record<string, string>): RequestOptions {
  const credentials = proxyCredentials(proxy)
  const host = proxy.hostname.replace(/^\[|\]$/g, '')
  if (url.protocol === 'http:') {
    const auth = credentials && `Basic ${Buffer.from(credentials).toString('base64')}`
    return {
      host,
      port: defaultPort(proxy),
      path: url.href,
      headers: { ...headers, host: url.host, ...(auth ? { 'proxy-authorization': auth } : {}) }
    }
  }
  const over = proxy.protocol === 'https:' ? tunnel.httpsOverHttps : tunnel.httpsOverHttp
  const agent: Agent = over({
    proxy: { host, port: defaultPort(proxy), proxyAuth: credentials }
  })
  return { agent, headers }
}
