package main

func (s *simulation) report() []byte { return nil }
