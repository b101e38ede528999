// A stand-in for @actions/core at the module boundary (as actions/typescript-action does):
// state lives in a Map, log calls are recorded by jest.fn.
import { jest } from '@jest/globals'

export const state = new Map<string, string>()
export const saveState = jest.fn((name: string, value: string) => void state.set(name, value))
export const getState = jest.fn((name: string) => state.get(name) ?? '')
export const info = jest.fn()
export const warning = jest.fn()
export const notice = jest.fn()
export const error = jest.fn()
export const debug = jest.fn()
export const isDebug = jest.fn(() => false)
export const setFailed = jest.fn()
export const setOutput = jest.fn()
export const setSecret = jest.fn()
export const group = jest.fn(<T>(_name: string, fn: () => Promise<T>) => fn())
