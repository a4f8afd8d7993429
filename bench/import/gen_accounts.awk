# gen_accounts.awk — writes N realistic accounts of the old system as the CSV
# of DESIGN §2 ("uminctl import"), deterministically (seed). For benchmarks
# only: the hashes are real {CRYPT}$6$ values of random passwords nobody
# knows, so no generated account can ever be logged in to.
#   awk -v n=1000000 [-v seed=42] -f gen_accounts.awk > accounts.csv
# Mix: 85% personal, 6% group, 4% ctr, 3% role, 2% contractor; 3% deleted;
# 97% with a general hash, 30% with an INDICE hash; 0–3 services; ~5% with a
# renamed_from (one or two old IDs, forwarding on or off).
BEGIN {
  if (n == "") n = 1000000
  if (seed == "") seed = 42
  srand(seed)
  split("a b c d e f g h i j k l m n o p q r s t u v w x y z", L, " ")
  split("tky osk kyt ncc nagoya tohoku kyushu hokudai kobe chiba okayama keio", SITE, " ")
  split("hiroshima niigata kanazawa kumamoto", OLDSITE, " ")
  split("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Kiuchi", SUR, " ")
  split("Taro Hanako Kenji Yuki Akira Emi Hiroshi Naoko Takeshi Mai Daisuke Aya Kazuo Yoko Shota Rina", GIVEN, " ")
  split("Univ. of Tokyo|Osaka Univ.|Kyoto Univ.|National Cancer Center|Nagoya Univ. Hospital|\"Tohoku Univ., Graduate School of Medicine\"|Kyushu Univ.|Hokkaido Univ.|Keio Univ. School of Medicine|\"Chiba Univ., Dept. of Surgery\"", AFF, "|")
  split("epoc ctr indice mail ncd elearn", SVC, " ")
  split("jsxx jsge jsim jssr jcog jamt", SOC, " ")
  split("acme cro mediq pharmax trialsys", COM, " ")
  H[1] = "{CRYPT}$6$oJzFpa.L6guwuA87$xKdx.21Ah8LPg8w0OtgpbEhwYGdeKMiwiYMn9GJ2Tjk2dcDjBGKJ14voxqktXRI4RDoZXZvhddIas4vYnZcVS."
  H[2] = "{CRYPT}$6$kqlGnVBXIAlDSpTv$kthPaWZQsDveMJXk4Up1R7OXuPQhli7lDFFvT2zKuQ97UJWiZ10xnveAYjXywIrt32hbKXawWSTB6na17MoiV1"
  H[3] = "{CRYPT}$6$ZoZp.F5dPp5TC9Z9$w58oyFyAsSrDLo0U5LJHy5s1LYYyKSGcZvfrfS8088RmLEZy2edcNoPhZi5Qs27u7zCKz/T7EL6uqpWeR1foz0"
  H[4] = "{CRYPT}$6$ofayVzHHJfw.jBVC$8myv4K.5wO2Pw1/Q0YUe8cWh6EOKCBImrTbkhoVybnFKcUNPg.5lTOrzbgoged8SfAjbXK/Trc63oDL0C/44Y0"
  H[5] = "{CRYPT}$6$E.8q7LsAhSqPh1FJ$6p/jpPPUsVT9CLjZqunqMCu2nvZ2JHa0E9EYxiL4urUgNipYvY4x/nYUo0If382/EC.7.fwibT2E5y/sCz2AD0"
  H[6] = "{CRYPT}$6$m7tv6ejetLWSIX5/$wlkiIAt6SquX99cdvD46N1bEIDpyASabUTPB3YFA.8F8ZOevV8RecK2VlF9FS7eNCsoxU2K1lDTkktvQExXDj1"
  # A bijection on [0, M): every record gets its own 6-character stem "ab12cd".
  M = 26 * 26 * 10 * 10 * 26 * 26; A = 28242671; B = 104729  # A: coprime to M, ~M/golden ratio (scattered)
  print "id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from"
  for (i = 0; i < n; i++) {
    s = stem((i * A + B) % M)
    r = rand()
    if (r < 0.85) { kind = "personal"; id = s "-" SITE[pick(12)] }
    else if (r < 0.91) { kind = "group"; id = SOC[pick(6)] s "-soc" }
    else if (r < 0.95) { kind = "ctr"; id = s "-ctr" }
    else if (r < 0.98) { kind = "role"; id = s "-role" }
    else { kind = "contractor"; id = COM[pick(5)] s "-com" }
    status = rand() < 0.03 ? "deleted" : ""
    sur = SUR[pick(20)]; given = GIVEN[pick(16)]
    name = kind == "personal" ? given " " sur : "Office " toupper(substr(s, 1, 2)) substr(s, 3)
    contact = tolower(given) "." tolower(sur) i "@example.ac.jp"
    aff = AFF[pick(10)]
    pkey = kind == "personal" && rand() < 0.9 ? "MD-" (100000 + i) : ""
    ph = rand() < 0.97 ? H[pick(6)] : ""
    ih = rand() < 0.30 ? H[pick(6)] : ""
    services = ""
    k = int(rand() * 4)
    for (j = 1; j <= k; j++) {
      v = SVC[pick(6)]
      if (index(";" services ";", ";" v ";") == 0) services = services == "" ? v : services ";" v
    }
    renamed = ""
    if (rand() < 0.05) {
      renamed = s "-" OLDSITE[1] "@" when() "@" (rand() < 0.8 ? "on" : "off")
      if (rand() < 0.2) renamed = renamed ";" s "-" OLDSITE[2] "@" when() "@on"
    }
    print id "," kind "," status "," name "," contact "," aff "," pkey "," ph "," ih "," services "," renamed
  }
}
function pick(k) { return 1 + int(rand() * k) }
function stem(p,   a, b, c, d, e, f) {
  f = p % 26; p = int(p / 26); e = p % 26; p = int(p / 26)
  d = p % 10; p = int(p / 10); c = p % 10; p = int(p / 10)
  b = p % 26; p = int(p / 26); a = p % 26
  return L[a + 1] L[b + 1] c d L[e + 1] L[f + 1]
}
# A rename time between 2024-01 and 2026-10 (UTC).
function when(   y, mo, d) {
  y = 2024 + int(rand() * 3); mo = 1 + int(rand() * (y == 2026 ? 10 : 12)); d = 1 + int(rand() * 28)
  return sprintf("%04d-%02d-%02dT%02d:%02d:00Z", y, mo, d, int(rand() * 24), int(rand() * 60))
}
