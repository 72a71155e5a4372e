"""The first lessons, in Bahasa Indonesia, for lessons.demo.load.

Written for women who run a home business and learn on a cheap Android
phone: short sentences, everyday words, one idea per paragraph, concrete
numbers. Each lesson is a dict: slug, title, summary, minutes, action (a
code of lessons.portal_actions) and body, a list of (block type, value) of
lessons.blocks.lesson_blocks; rich text values are HTML strings.

The worked price example (keripik singkong) is the pricing helper's own
arithmetic: tests/test_pricing.py checks that the helper gives the same
Rp 15.000 for these costs.
"""

INDEX = {
    "slug": "belajar",
    "title": "Belajar Jualan Online",
    "intro": (
        "<p>Pelajaran singkat untuk ibu-ibu pelaku usaha rumahan: memotret produk, "
        "menulis keterangan, menghitung harga, membagikan ke WhatsApp, Facebook dan "
        "Instagram, membalas pembeli, dan mengirim pesanan.</p>"
        "<p>Setiap pelajaran bisa dibaca di HP dalam beberapa menit. Di akhir pelajaran "
        "ada tombol untuk langsung mencobanya di toko Ibu. Selama pelatihan, tombol itu "
        "membuka toko latihan Ibu, jadi tidak ada yang rusak di toko sungguhan.</p>"
    ),
}


def h2(text):
    return f"<h2>{text}</h2>"


def p(*sentences):
    return f"<p>{' '.join(sentences)}</p>"


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def text(*parts):
    return ("rich_text", "".join(parts))


def tip(message):
    return ("tip", {"kind": "tip", "text": message})


def warning(message):
    return ("tip", {"kind": "warning", "text": message})


def message(heading, body):
    return ("example_message", {"heading": heading, "text": body})


def amounts(heading, rows, total_label="", total=""):
    return (
        "amounts",
        {
            "heading": heading,
            "rows": [{"label": label, "amount": amount} for label, amount in rows],
            "total_label": total_label,
            "total": total,
        },
    )


PHOTOS = {
    "slug": "foto-produk-dengan-hp",
    "title": "Foto produk yang bagus dengan HP",
    "summary": (
        "Pembeli online tidak bisa memegang barang Ibu. Foto yang terang dan jelas "
        "membuat mereka percaya dan mau membeli."
    ),
    "minutes": 5,
    "action": "foto",
    "body": [
        text(
            p(
                "Di pasar, pembeli bisa melihat, memegang dan mencium produk Ibu.",
                "Di internet, pembeli hanya melihat foto.",
                "Jadi foto adalah mata dan tangan pembeli.",
            ),
            p("Kabar baiknya: foto bagus tidak perlu HP mahal. Cukup ikuti langkah berikut."),
            h2("1. Lap lensa kamera"),
            p(
                "Lensa HP sering kena minyak dari jari. Akibatnya foto jadi buram, seperti",
                "berkabut. Lap lensa dengan kain lembut yang bersih atau ujung kaos sebelum",
                "memotret.",
            ),
            p("Bersihkan juga produknya: lap kemasan, buang remah dan debu, rapikan benang."),
            h2("2. Cari cahaya dari jendela"),
            ul(
                "Memotretlah siang hari, dekat jendela atau pintu yang terbuka, atau di teras.",
                "Cahaya sebaiknya datang dari samping produk.",
                "Jangan di bawah matahari terik: bayangannya hitam dan warnanya pudar.",
                "Jangan pakai lampu kilat (flash): produk jadi mengkilap dan warnanya berubah.",
                "Matikan lampu kuning di ruangan kalau cahaya jendela sudah cukup.",
            ),
            h2("3. Pakai latar belakang polos"),
            p(
                "Letakkan produk di atas alas polos: karton putih, kain polos, papan kayu",
                "atau tampah. Singkirkan barang lain seperti gelas, remot TV atau jemuran.",
                "Mata pembeli harus langsung tertuju ke produk Ibu.",
            ),
        ),
        tip(
            "Lengkungkan selembar karton putih dari meja ke dinding. Latarnya jadi "
            "bersih tanpa garis sudut, seperti foto di toko besar."
        ),
        text(
            h2("4. Dekati produk, jangan zoom"),
            p(
                "Zoom di HP membuat foto pecah dan kasar. Lebih baik HP-nya yang didekatkan.",
                "Isi layar dengan produk, sisakan sedikit ruang di pinggir.",
            ),
            p(
                "Pegang HP dengan dua tangan dan tempelkan siku ke badan atau ke meja supaya",
                "tidak goyang. Ketuk layar tepat di produk supaya gambarnya tajam.",
            ),
            h2("5. Foto dari beberapa sisi"),
            ul(
                "Depan: foto utama, yang paling jelas dan rapi.",
                "Samping dan belakang: label, komposisi, tanggal kedaluwarsa.",
                "Dekat sekali: tekstur kain, jahitan, rajutan, remah keripik.",
                "Isi atau saat dipakai: keripik di piring, tas dipegang, kain dipakai.",
            ),
            h2("6. Tunjukkan ukurannya"),
            p(
                "Pembeli sering kecewa karena barangnya ternyata lebih kecil dari dugaan.",
                "Letakkan produk di samping benda yang semua orang tahu ukurannya, misalnya",
                "tangan, sendok atau gelas. Tulis juga ukurannya di keterangan produk.",
            ),
            h2("7. Pilih yang terbaik"),
            p(
                "Ambil 5 sampai 10 foto, lalu pilih 3 sampai 5 yang paling bagus. Perbesar",
                "di galeri untuk memeriksa: tajam atau buram? Terlalu gelap? Kalau ragu,",
                "foto ulang. Foto pertama yang Ibu unggah menjadi foto utama.",
            ),
        ),
        warning(
            "Jangan pakai filter yang mengubah warna, dan jangan pakai foto dari internet "
            "atau milik orang lain. Pembeli yang menerima barang berbeda dari fotonya akan "
            "merasa ditipu dan tidak membeli lagi."
        ),
        tip(
            "Portal mengecilkan foto Ibu supaya cepat dibuka dan menghapus data lokasi "
            "dari foto, jadi alamat rumah Ibu tidak ikut terkirim."
        ),
    ],
}

DESCRIPTION = {
    "slug": "menulis-keterangan-produk",
    "title": "Menulis nama dan keterangan produk",
    "summary": (
        "Keterangan yang lengkap menjawab pertanyaan pembeli sebelum mereka bertanya: "
        "apa ini, dari bahan apa, seberapa besar, tahan berapa lama, dan siapa pembuatnya."
    ),
    "minutes": 5,
    "action": "deskripsi",
    "body": [
        text(
            h2("Nama produk: jelas, bukan sekadar menarik"),
            p(
                "Tulis jenis produk, rasa atau warna, dan ukurannya. Pembeli mencari dengan",
                "kata-kata seperti itu.",
            ),
            ul(
                "Kurang jelas: <b>Keripik Enak</b>",
                "Jelas: <b>Keripik Singkong Pedas Daun Jeruk 150 g</b>",
                "Kurang jelas: <b>Tas Cantik</b>",
                "Jelas: <b>Tas Rajut Tali Kur Cokelat, 25 x 20 cm</b>",
            ),
            h2("Enam hal yang perlu ditulis"),
            ol(
                "<b>Apa ini</b> dan untuk apa: camilan, oleh-oleh, hadiah, dipakai sehari-hari.",
                "<b>Bahan</b>: untuk makanan, bahan utama dan bumbunya, pakai pengawet atau "
                "tidak. Untuk kerajinan, bahannya: katun, benang akrilik, bambu, pandan.",
                "<b>Ukuran, berat atau isi</b>: gram, sentimeter, berapa potong dalam satu "
                "bungkus.",
                "<b>Daya tahan dan cara menyimpan</b>: tahan berapa hari atau bulan, simpan "
                "di tempat kering, tutup rapat setelah dibuka. Untuk kain: cara mencucinya.",
                "<b>Siapa yang membuat dan di mana</b>: nama Ibu atau kelompok, dan nama desa. "
                "Pembeli senang tahu produknya buatan tangan ibu-ibu desa.",
                "<b>Cara memesan</b>: siap kirim atau dibuat sesuai pesanan (berapa hari), "
                "bisa diambil di titik ambil atau dikirim.",
            ),
        ),
        message(
            "Contoh keterangan makanan",
            "Keripik singkong tipis dan renyah dengan bumbu pedas daun jeruk.\n"
            "Bahan: singkong, minyak kelapa sawit, cabai, bawang putih, garam, daun jeruk. "
            "Tanpa pengawet.\n"
            "Isi: 150 gram.\n"
            "Tahan 2 bulan di tempat kering. Setelah dibuka, tutup rapat.\n"
            "Dibuat oleh Ibu Entin, Kelompok Wanita Tani Mekar, Desa Lampegan.\n"
            "Siap kirim. Bisa diambil di Balai Desa.",
        ),
        message(
            "Contoh keterangan kerajinan",
            "Tas rajut dari tali kur, kuat dan tidak melar, cocok untuk ke pasar atau "
            "pengajian.\n"
            "Ukuran: 25 x 20 cm, tali 60 cm.\n"
            "Warna: cokelat susu. Ada kantong kecil di dalam.\n"
            "Cuci dengan tangan, jangan diperas terlalu keras.\n"
            "Dirajut tangan oleh Ibu Yati, Desa Ibun.\n"
            "Dibuat sesuai pesanan: siap dalam 5 hari.",
        ),
        text(
            h2("Tips menulis"),
            ul(
                "Kalimat pendek. Satu hal di satu baris.",
                "Jujur. Jangan tulis \u201cpaling enak se-Indonesia\u201d. Lebih baik tulis "
                "apa yang membuatnya istimewa: \u201cdigoreng dengan kayu bakar\u201d, "
                "\u201cpakai resep nenek\u201d.",
                "Tulis izin yang sudah Ibu punya, misalnya nomor P-IRT atau sertifikat halal. "
                "Jangan menulis izin yang belum ada.",
                "Baca ulang sekali sebelum disimpan, atau minta teman membacanya.",
            ),
        ),
        warning(
            "Jangan tulis alamat rumah atau nomor HP pribadi di keterangan produk. "
            "Pembeli memesan lewat toko, dan toko hanya menunjukkan nama desa Ibu."
        ),
    ],
}

PRICING = {
    "slug": "menghitung-harga-jual",
    "title": "Menghitung harga jual supaya tidak rugi",
    "summary": (
        "Hitung semua biaya, termasuk gas, kemasan dan tenaga Ibu sendiri, lalu tambahkan "
        "keuntungan. Dengan contoh keripik singkong dalam rupiah."
    ),
    "minutes": 8,
    "action": "harga",
    "body": [
        text(
            p(
                "Banyak ibu menentukan harga dengan mengikuti tetangga atau kira-kira saja.",
                "Sering tanpa sadar jadi rugi, karena lupa menghitung gas, kemasan, ongkos",
                "ojek, dan yang paling sering dilupakan: tenaga Ibu sendiri.",
            ),
            h2("Langkah 1: Catat semua biaya satu kali produksi"),
            p("Satu kali produksi artinya satu kali membuat, misalnya satu kali menggoreng."),
            ul(
                "<b>Bahan baku</b>: singkong, minyak, bumbu, kain, benang.",
                "<b>Bahan bakar dan transport</b>: ongkos ojek atau angkot untuk membeli bahan.",
                "<b>Listrik, gas dan air</b>: misalnya setengah tabung gas 3 kg.",
                "<b>Kemasan dan label</b>: plastik, kardus, stiker.",
                "<b>Biaya lain</b>: sewa alat, pisau baru, dan lain-lain.",
                "<b>Tenaga Ibu</b>: berapa jam Ibu bekerja, dikali upah per jam. Pakai upah "
                "yang akan Ibu bayar kalau menyuruh orang lain, misalnya Rp 10.000 per jam.",
            ),
            h2("Langkah 2: Hitung hasilnya"),
            p("Berapa bungkus, potong atau buah yang jadi dari satu kali produksi itu?"),
            h2("Langkah 3: Biaya per bungkus"),
            p("Jumlahkan semua biaya, lalu bagi dengan jumlah bungkus."),
            h2("Langkah 4: Tambahkan keuntungan"),
            p(
                "Tentukan berapa persen dari harga jual yang ingin Ibu simpan sebagai untung,",
                "misalnya 30 %. Caranya: biaya per bungkus dibagi 0,7 (yaitu 100 % dikurangi",
                "30 %). Lalu bulatkan ke atas supaya mudah dibayar.",
            ),
        ),
        amounts(
            "Contoh: keripik singkong, satu kali produksi",
            [
                ("Singkong 10 kg, minyak goreng 2 liter, bumbu", "Rp 90.000"),
                ("Ongkos ojek membeli bahan", "Rp 10.000"),
                ("Gas (setengah tabung 3 kg), listrik dan air", "Rp 15.000"),
                ("Plastik dan label untuk 20 bungkus", "Rp 30.000"),
                ("Tenaga Ibu: 6 jam x Rp 10.000", "Rp 60.000"),
                ("Jumlah biaya", "Rp 205.000"),
                ("Hasil", "20 bungkus @ 150 g"),
                ("Biaya per bungkus: Rp 205.000 : 20", "Rp 10.250"),
                ("Untung 30 %: Rp 10.250 : 0,7", "Rp 14.643"),
            ],
            "Harga jual (dibulatkan ke atas)",
            "Rp 15.000",
        ),
        text(
            p(
                "Dengan harga Rp 15.000, Ibu mendapat untung Rp 4.750 per bungkus, di luar",
                "upah tenaga Ibu yang sudah dihitung sebagai biaya.",
            ),
            p(
                "Bandingkan kalau Ibu menjual Rp 10.000 karena ikut tetangga. Kelihatannya",
                "untung, karena uang bahan hanya Rp 7.250 per bungkus. Padahal setelah",
                "tenaga dihitung, Ibu rugi Rp 250 per bungkus: Ibu bekerja 6 jam hampir tanpa",
                "dibayar.",
            ),
            h2("Bandingkan dengan harga di pasar"),
            p(
                "Lihat harga produk yang mirip di pasar dan di internet. Kalau harga Ibu jauh",
                "lebih mahal, cari cara menekan biaya:",
            ),
            ul(
                "Beli bahan dalam jumlah besar bersama kelompok.",
                "Sekali produksi dibuat lebih banyak, supaya gas dan tenaga terbagi ke lebih "
                "banyak bungkus.",
                "Pilih kemasan yang lebih hemat tapi tetap rapi.",
            ),
            p("Jangan menurunkan harga sampai di bawah biaya per bungkus."),
            h2("Nilai tambah: berapa yang Ibu ciptakan"),
            p(
                "Singkong mentah hanya Rp 4.000 per kilo. Setelah Ibu olah, diberi bumbu dan",
                "dikemas rapi, nilainya naik jauh. Itulah nilai tambah.",
            ),
            p(
                "Cara menghitungnya: harga jual dikurangi semua yang dibeli (bahan, ongkos,",
                "gas, kemasan), lalu dibagi harga jual. Pada contoh tadi: (Rp 15.000 dikurangi",
                "Rp 7.250) dibagi Rp 15.000 = 51 %. Artinya, dari setiap Rp 100 yang dibayar",
                "pembeli, Rp 51 adalah hasil kerja dan keuntungan Ibu.",
            ),
            p("Nilai tambah bisa dinaikkan dengan:"),
            ul(
                "Kemasan yang menarik dengan label yang jelas.",
                "Rasa, warna atau model baru yang tidak dimiliki penjual lain.",
                "Ukuran khusus oleh-oleh atau hadiah.",
                "Cerita tentang siapa pembuatnya dan dari desa mana.",
                "Mutu yang selalu sama dari pesanan ke pesanan.",
            ),
        ),
        tip(
            "Hitung ulang setiap kali harga bahan naik, misalnya minyak goreng atau gas. "
            "Alat hitung harga di portal menyimpan hitungan Ibu, jadi mudah dibandingkan."
        ),
    ],
}

SHARING = {
    "slug": "membagikan-ke-whatsapp-facebook-instagram",
    "title": "Membagikan produk ke WhatsApp, Facebook dan Instagram",
    "summary": (
        "Pembeli pertama biasanya orang yang sudah mengenal Ibu. Bagikan foto, harga dan "
        "tautan toko di waktu yang tepat, tanpa mengganggu orang."
    ),
    "minutes": 6,
    "action": "bagikan",
    "body": [
        text(
            h2("Apa yang dibagikan"),
            p("Setiap kali membagikan produk, sertakan empat hal:"),
            ol(
                "Satu foto terbaik.",
                "Nama produk dan harganya.",
                "Tautan (link) ke produk di toko. Pembeli bisa melihat semua foto dan "
                "langsung memesan.",
                "Cara memesan atau mengambil.",
            ),
            p(
                "Tautan produk ada di menu <b>Produk saya</b>, tombol <b>Lihat di toko</b>.",
                "Buka, lalu salin alamatnya atau pakai tombol bagikan.",
            ),
        ),
        message(
            "Contoh untuk status atau grup WhatsApp",
            "Keripik singkong pedas daun jeruk, baru digoreng pagi ini!\n"
            "150 g - Rp 15.000\n"
            "Pesan di sini: (tempel tautan produk)\n"
            "Bisa diambil di Balai Desa hari Sabtu.",
        ),
        text(
            h2("Status WhatsApp"),
            ul(
                "Status terlihat selama 24 jam oleh semua kontak Ibu.",
                "Cukup 1 sampai 3 status sehari. Lebih dari itu, orang melewatinya.",
                "Waktu yang baik: pagi pukul 06.00-08.00, siang pukul 12.00-13.00, dan malam "
                "pukul 19.00-21.00.",
                "Sesekali tampilkan proses membuat: menggoreng, merajut, menjemur. Orang suka "
                "melihat tangan yang bekerja.",
            ),
            h2("Grup WhatsApp"),
            ul(
                "Baca aturan grup. Kalau ragu, tanya admin dulu apakah boleh berjualan.",
                "Banyak grup punya hari jualan. Kirim di hari itu saja.",
                "Cukup sekali sehari, jangan setiap jam.",
                "Jangan mengirim promosi satu per satu ke nomor orang yang tidak meminta.",
            ),
            h2("Facebook"),
            ul(
                "Pasang di akun Ibu dan di grup jual beli desa atau kecamatan yang membolehkan.",
                "Tulis harga dan cara pesan di kiriman, jangan hanya \u201cinbox ya\u201d.",
                "Balas komentar dengan cepat dan ramah.",
            ),
            h2("Instagram"),
            ul(
                "Pakai foto yang terang dan rapi. Foto persegi terlihat paling baik.",
                "Tulis nama, harga dan cara memesan di keterangan foto.",
                "Tambahkan beberapa tagar daerah, misalnya #oleholehbandung #umkmbandung "
                "#keripiksingkong.",
                "Pasang tautan toko Ibu di profil (bio), lalu tulis \u201ctautan di bio\u201d.",
            ),
            h2("Jangan sampai dianggap mengganggu"),
            ul(
                "Satu produk, satu kiriman yang rapi, lebih baik daripada sepuluh kiriman "
                "berantakan.",
                "Selingi jualan dengan cerita, resep atau ucapan terima kasih kepada pembeli.",
                "Kalau ada yang minta berhenti dikirimi, hormati permintaannya.",
            ),
        ),
        tip(
            "Catat dari mana pesanan datang: status, grup, Facebook atau Instagram. "
            "Bagikan lebih sering di tempat yang paling banyak mendatangkan pembeli."
        ),
        warning(
            "Jangan pernah memberikan kode OTP atau kode rahasia dari SMS kepada siapa pun, "
            "walaupun mengaku dari toko, bank atau kurir. Jangan bagikan alamat rumah: cukup "
            "nama desa dan titik ambil."
        ),
    ],
}

ANSWERING = {
    "slug": "membalas-pembeli",
    "title": "Membalas pembeli dengan sopan dan cepat",
    "summary": (
        "Pembeli yang lama tidak dibalas akan membeli di tempat lain. Balas cepat, ramah "
        "dan jelas. Ada contoh balasan yang bisa langsung Ibu pakai."
    ),
    "minutes": 6,
    "action": "pesanan",
    "body": [
        text(
            h2("Aturan sederhana"),
            ol(
                "Balas secepatnya. Usahakan kurang dari 1 jam.",
                "Mulai dengan salam dan sapaan: \u201cSelamat pagi, Kak\u201d, "
                "\u201cBu\u201d, \u201cTeh\u201d.",
                "Jawab pertanyaannya langsung. Sebut harga dengan jelas.",
                "Akhiri dengan ajakan: \u201cMau pesan berapa bungkus, Kak?\u201d",
                "Ucapkan terima kasih, juga kepada yang tidak jadi membeli.",
                "Kalau belum tahu jawabannya, katakan akan Ibu cek dan kapan Ibu kabari.",
            ),
            h2("Kalau sedang sibuk"),
            p(
                "Kirim balasan singkat dulu, supaya pembeli tahu pesannya sudah dibaca.",
                "Di aplikasi WhatsApp Business ada fitur <b>Balasan cepat</b>: simpan",
                "contoh-contoh di bawah, lalu pakai dengan beberapa ketukan saja.",
            ),
        ),
        message(
            "Sedang sibuk",
            "Terima kasih sudah menghubungi, Kak. Saya sedang menggoreng, saya balas "
            "pukul 14.00 ya.",
        ),
        message(
            "Pertanyaan harga",
            "Selamat siang, Kak. Keripik singkong pedas 150 g harganya Rp 15.000. "
            "Bisa diambil di Balai Desa atau dikirim. Mau pesan berapa bungkus?",
        ),
        message(
            "Barang habis atau dibuat sesuai pesanan",
            "Mohon maaf, Kak, stoknya sedang habis. Saya bisa buatkan, siap dalam 3 hari. "
            "Mau saya catat pesanannya?",
        ),
        message(
            "Pembeli menawar",
            "Terima kasih, Kak. Harganya sudah pas karena bahannya pilihan dan dibuat "
            "tangan. Kalau ambil 5 bungkus, saya beri gratis ongkos ambil di Balai Desa.",
        ),
        message(
            "Pesanan diterima",
            "Terima kasih, Kak. Pesanan 3 bungkus keripik sudah saya terima. Saya kirim "
            "hari Kamis, nanti saya kabari nomor resinya.",
        ),
        message(
            "Ada keluhan",
            "Mohon maaf atas ketidaknyamanannya, Kak. Boleh kirim foto barangnya? Saya "
            "ganti dengan yang baru atau uangnya saya kembalikan, mana yang Kakak pilih.",
        ),
        message(
            "Setelah barang sampai",
            "Terima kasih sudah berbelanja, Kak. Semoga suka. Kalau berkenan, ceritakan "
            "pendapat Kakak, itu sangat membantu usaha kami.",
        ),
        warning(
            "Jangan berdebat di kolom komentar. Kalau ada yang marah, minta maaf dengan "
            "sopan dan ajak bicara lewat pesan pribadi. Pembeli lain ikut membaca cara Ibu "
            "menjawab."
        ),
    ],
}

ORDERS = {
    "slug": "mengirim-pesanan",
    "title": "Memenuhi pesanan: dari konfirmasi sampai diterima",
    "summary": (
        "Periksa pesanan, konfirmasi, kemas dengan rapi, kirim atau siapkan untuk diambil, "
        "lalu tandai di portal. Tepati waktu yang Ibu janjikan."
    ),
    "minutes": 6,
    "action": "pesanan",
    "body": [
        text(
            h2("1. Periksa pesanan baru"),
            p(
                "Buka menu <b>Pesanan</b> di portal setiap pagi dan sore. Lihat apa yang",
                "dipesan, berapa banyak, dan apakah dikirim atau diambil.",
            ),
            p(
                "Kalau pembeli belum membayar, tunggu dulu sampai pembayarannya dikonfirmasi.",
                "Jangan mengirim barang sebelum itu.",
            ),
            h2("2. Konfirmasi"),
            p(
                "Tandai pesanan <b>Dikonfirmasi</b>. Pembeli mendapat kabar bahwa pesanannya",
                "sedang Ibu siapkan.",
            ),
            p(
                "Kalau Ibu tidak sanggup memenuhinya, misalnya bahan habis, batalkan segera",
                "dan tulis alasannya dengan sopan. Jangan biarkan pembeli menunggu tanpa kabar.",
            ),
            h2("3. Buat dan kemas"),
            ul(
                "Makanan: plastik tertutup rapat, lalu masukkan ke kardus supaya tidak hancur.",
                "Kain dan kerajinan: bungkus plastik supaya tidak kena air.",
                "Tempel kertas berisi nama pembeli dan nomor pesanan.",
                "Selipkan kartu kecil berisi ucapan terima kasih. Pembeli akan mengingat Ibu.",
            ),
            p("Setelah dikemas, tandai <b>Dikemas</b>."),
            h2("4. Kirim atau siapkan untuk diambil"),
            ul(
                "Dikirim: simpan nomor resi dari kurir, tulis di catatan pesanan, lalu tandai "
                "<b>Dikirim</b>.",
                "Diambil: bawa ke titik ambil toko, lalu tandai <b>Siap diambil</b>.",
            ),
            h2("5. Tandai sudah diterima"),
            p(
                "Setelah barang sampai di tangan pembeli, tandai <b>Diterima</b>. Penjualan",
                "baru dihitung sebagai uang Ibu setelah barang diterima dan pembeli sudah",
                "membayar. Lihat di menu <b>Uang saya</b>.",
            ),
            h2("Tepati janji waktu"),
            ul(
                "Untuk produk yang dibuat sesuai pesanan, tulis lama pembuatan yang jujur. "
                "Kalau biasanya 3 hari, tulis 4 atau 5 hari supaya ada cadangan waktu.",
                "Isi juga berapa banyak yang sanggup Ibu buat dalam seminggu, supaya pesanan "
                "tidak menumpuk.",
                "Sedang sakit, ada hajatan atau musim panen? Nyalakan <b>Toko libur</b>. "
                "Pembeli tetap melihat produk Ibu tetapi tidak bisa memesan.",
                "Kalau akan terlambat, kabari pembeli sebelum batas waktunya, bukan sesudahnya.",
            ),
        ),
        tip(
            "Pembeli yang barangnya datang tepat waktu dan rapi akan memesan lagi dan "
            "bercerita kepada temannya. Itu promosi paling murah."
        ),
    ],
}

PROFILE = {
    "slug": "profil-toko",
    "title": "Profil yang membuat pembeli percaya",
    "summary": (
        "Pembeli ingin tahu siapa yang membuat produknya. Foto, cerita singkat dan desa "
        "Ibu membuat toko terasa dekat dan bisa dipercaya."
    ),
    "minutes": 4,
    "action": "profil",
    "body": [
        text(
            h2("Foto"),
            p(
                "Pasang foto Ibu, atau foto tangan Ibu saat membuat produk, atau tempat Ibu",
                "bekerja. Ikuti cara memotret di pelajaran foto: terang, dekat jendela, latar",
                "polos.",
            ),
            h2("Cerita singkat"),
            p("Tulis tiga sampai lima kalimat saja:"),
            ul(
                "Siapa Ibu dan sejak kapan membuat produk ini.",
                "Apa yang Ibu buat dan apa istimewanya.",
                "Bahannya dari mana, misalnya singkong dari kebun sendiri.",
                "Kelompok atau paguyuban Ibu, kalau ada.",
            ),
        ),
        message(
            "Contoh cerita",
            "Saya Entin, dari Desa Lampegan. Sejak 2015 saya membuat keripik singkong "
            "dengan resep ibu saya. Singkongnya dari kebun tetangga, digoreng setiap pagi "
            "supaya selalu renyah. Saya anggota Kelompok Wanita Tani Mekar.",
        ),
        text(
            h2("Kontak yang ditampilkan"),
            p(
                "Ibu yang memilih kontak mana yang boleh dilihat pembeli: WhatsApp, Instagram",
                "atau Facebook. Toko hanya menampilkan nama desa, tidak pernah alamat rumah.",
            ),
            h2("Izin usaha: selangkah demi selangkah"),
            p(
                "Ibu tetap bisa berjualan walaupun belum punya izin. Tetapi izin membuat",
                "pembeli lebih percaya dan membuka pasar yang lebih luas. Tanyakan kepada",
                "pendamping cara mengurus NIB (nomor induk berusaha), P-IRT untuk makanan",
                "rumahan, dan sertifikat halal.",
            ),
        ),
        warning("Jangan menulis alamat rumah atau nomor rekening di cerita profil."),
    ],
}

MONEY = {
    "slug": "membaca-uang-saya",
    "title": "Membaca catatan uang penjualan",
    "summary": (
        "Di menu Uang saya, Ibu melihat apa yang terjual, komisi toko, uang yang sudah "
        "dibayarkan, dan sisa yang masih menjadi hak Ibu."
    ),
    "minutes": 4,
    "action": "saldo",
    "body": [
        text(
            h2("Kapan penjualan menjadi uang Ibu"),
            p(
                "Penjualan dihitung setelah barang diterima pembeli dan pembeli sudah",
                "membayar. Toko menyimpan komisinya, lalu membayarkan sisanya kepada Ibu",
                "lewat transfer, dompet digital, atau tunai di pusat belajar.",
            ),
            h2("Yang ada di halaman Uang saya"),
            ul(
                "<b>Terjual</b>: harga barang yang sudah diterima pembeli.",
                "<b>Komisi toko</b>: bagian toko untuk biaya menjalankan toko.",
                "<b>Uang tunai yang Anda terima sendiri</b>: kalau pembeli membayar tunai "
                "langsung kepada Ibu (bayar di tempat), uang itu sudah di tangan Ibu.",
                "<b>Dibayarkan kepada Anda</b>: uang yang sudah Ibu terima dari toko.",
                "<b>Saldo</b>: yang masih menjadi hak Ibu dan belum dibayarkan. Kalau Ibu "
                "menerima tunai, bisa juga Ibu yang masih berutang komisi kepada toko.",
            ),
            p(
                "Pilih bulan dengan tombol <b>Sebelumnya</b> dan <b>Berikutnya</b>. Catatan",
                "bisa diunduh sebagai PDF untuk disimpan atau ditunjukkan kepada koperasi",
                "atau bank.",
            ),
            h2("Bandingkan dengan hitungan harga"),
            p(
                "Setiap bulan, bandingkan uang yang Ibu terima dengan biaya yang Ibu",
                "keluarkan. Kalau ternyata untungnya kecil, hitung ulang harga jual di alat",
                "hitung harga.",
            ),
        ),
        tip(
            "Simpan nota pembelian bahan di satu map atau foto dengan HP. Menghitung "
            "biaya jadi mudah dan tidak ada yang terlupa."
        ),
    ],
}

LESSONS = [PHOTOS, DESCRIPTION, PRICING, SHARING, ANSWERING, ORDERS, PROFILE, MONEY]

# The pricing example above, as the helper's inputs (tests check the result).
KERIPIK_EXAMPLE = {
    "materials": 90_000,
    "fuel": 10_000,
    "electricity": 15_000,
    "packaging": 30_000,
    "other_costs": 0,
    "labour_hours": 6,
    "hourly_wage": 10_000,
    "units": 20,
    "margin_percent": 30,
    "suggested_price": 15_000,
    "value_added_percent": "51.6",
}
